import { dailyReportRows } from '.';
import {
  addDays,
  daysBetween,
  type GaProperty,
  GoogleAnalyticsData,
  localDate,
  resolveDate,
} from './google-analytics-data';

const NOW = new Date('2025-06-01T12:00:00Z');

describe('GoogleAnalyticsData', () => {
  it('should start with two accounts and three GA4 properties, as accountSummaries lists them', () => {
    const data = new GoogleAnalyticsData();
    expect(data.summaries()).toEqual([
      {
        name: 'accountSummaries/210004321',
        account: 'accounts/210004321',
        displayName: 'Sandbox Coffee Roasters',
        propertySummaries: [
          {
            property: 'properties/310004001',
            displayName: 'sandbox-coffee.example.com',
            propertyType: 'PROPERTY_TYPE_ORDINARY',
            parent: 'accounts/210004321',
          },
          {
            property: 'properties/310004002',
            displayName: 'Coffee Roasters app',
            propertyType: 'PROPERTY_TYPE_ORDINARY',
            parent: 'accounts/210004321',
          },
        ],
      },
      {
        name: 'accountSummaries/210009876',
        account: 'accounts/210009876',
        displayName: 'Sandbox Blog',
        propertySummaries: [
          {
            property: 'properties/320008001',
            displayName: 'blog.example.org',
            propertyType: 'PROPERTY_TYPE_ORDINARY',
            parent: 'accounts/210009876',
          },
        ],
      },
    ]);
  });

  it('should give each property and day the same plausible figures every time, other ones for another seed', () => {
    const data = new GoogleAnalyticsData();
    const web = data.property('310004001') as GaProperty;
    const days = daysBetween('2025-05-01', '2025-05-30');
    const figures = days.map((day) => data.day(web, day));
    expect(figures).toEqual(days.map((day) => new GoogleAnalyticsData().day(web, day)));
    expect(days.map((day) => new GoogleAnalyticsData(2).day(web, day))).not.toEqual(figures);
    for (const f of figures) {
      expect(f.sessions).toBeGreaterThan(0);
      expect(f.totalUsers).toBeLessThanOrEqual(f.sessions);
      expect(f.newUsers).toBeLessThanOrEqual(f.totalUsers);
      expect(f.activeUsers).toBeLessThanOrEqual(f.totalUsers);
      expect(f.screenPageViews).toBeGreaterThanOrEqual(f.sessions);
    }
    // The web site has more traffic than the blog.
    const blog = data.property('320008001') as GaProperty;
    const total = (p: typeof web) => days.reduce((sum, day) => sum + data.day(p, day).sessions, 0);
    expect(total(web)).toBeGreaterThan(total(blog) * 3);
    // Nothing before it existed.
    expect(data.day(web, '2023-03-13')).toEqual({
      sessions: 0,
      totalUsers: 0,
      newUsers: 0,
      activeUsers: 0,
      screenPageViews: 0,
    });
  });
});

describe('GoogleAnalyticsData.mutate', () => {
  it('should add new properties (no traffic yet), renames and deletes others, and say what it did', () => {
    const data = new GoogleAnalyticsData();
    expect(data.mutate({ added: 2, updated: 1, deleted: 1 }, NOW)).toEqual({ added: 2, updated: 1, deleted: 1 });
    expect(data.properties.map((p) => [p.id, p.displayName])).toEqual([
      ['310004001', 'sandbox-coffee.example.com (renamed 1)'],
      ['310004002', 'Coffee Roasters app'],
      ['330000001', 'Spring campaign site'],
      ['330000002', 'Wholesale portal'],
    ]);
    const added = data.property('330000001') as GaProperty;
    expect(added).toMatchObject({ accountId: '210004321', createdOn: '2025-06-01', timeZone: 'Europe/London' });
    expect(data.property('330000002')).toMatchObject({ accountId: '210009876', timeZone: 'America/New_York' });
    expect(data.day(added, '2025-05-31').sessions).toBe(0);
    expect(data.day(added, '2025-06-01').sessions).toBeGreaterThan(0);
    // The blog account lost its only start-up property but has the new one.
    expect(data.summaries()[1]).toMatchObject({ propertySummaries: [{ property: 'properties/330000002' }] });
  });

  it('should change what there is when asked for more, never renaming what it deletes', () => {
    const data = new GoogleAnalyticsData();
    expect(data.mutate({ added: 0, updated: 5, deleted: 2 }, NOW)).toEqual({ added: 0, updated: 1, deleted: 2 });
    expect(data.mutate({ added: 0, updated: 0, deleted: 1000 }, NOW)).toEqual({ added: 0, updated: 0, deleted: 1 });
    expect(data.properties).toEqual([]);
    // An account without properties has no propertySummaries (proto3 JSON omits empty lists).
    expect(data.summaries()[0]).toEqual({
      name: 'accountSummaries/210004321',
      account: 'accounts/210004321',
      displayName: 'Sandbox Coffee Roasters',
    });
  });
});

describe('report dates', () => {
  it('should read the Data API’s date forms relative to the property’s today', () => {
    expect(resolveDate('today', '2025-06-01')).toBe('2025-06-01');
    expect(resolveDate('yesterday', '2025-06-01')).toBe('2025-05-31');
    expect(resolveDate('30daysAgo', '2025-06-01')).toBe('2025-05-02');
    expect(resolveDate('2024-02-29', '2025-06-01')).toBe('2024-02-29');
    for (const bad of ['2025-02-30', 'tomorrow', '3 days ago', '', 20250601, undefined]) {
      expect(resolveDate(bad, '2025-06-01')).toBeUndefined();
    }
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-05-30', '2025-06-02')).toEqual(['2025-05-30', '2025-05-31', '2025-06-01', '2025-06-02']);
    expect(daysBetween('2025-06-02', '2025-06-01')).toEqual([]);
  });

  it('should know the local date of each time zone, and that the hub’s daily report spans 30 days', () => {
    const lateUtc = new Date('2025-06-01T23:30:00Z');
    expect(localDate(lateUtc, 'Europe/London')).toBe('2025-06-02');
    expect(localDate(lateUtc, 'America/New_York')).toBe('2025-06-01');
    expect(new GoogleAnalyticsData(1).properties.map((p) => dailyReportRows(p, NOW))).toEqual([30, 30, 30]);
  });

  it('should count no daily-report rows for a property created today (no data recorded yet)', () => {
    const data = new GoogleAnalyticsData(1);
    data.mutate({ added: 1, updated: 0, deleted: 0 }, NOW);
    expect(dailyReportRows(data.properties.at(-1) as GaProperty, NOW)).toBe(0);
  });
});
