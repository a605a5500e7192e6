/**
 * Deterministic Google Analytics data for the sandbox: accounts with GA4 properties (as
 * accountSummaries.list shows them,
 * https://developers.google.com/analytics/devguides/config/admin/v1/rest/v1beta/accountSummaries/list)
 * and each property's daily traffic (what properties.runReport answers,
 * https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport),
 * generated from (seed, property, date) so the same day always has the same figures.
 *
 * `mutate` adds properties (created now: no traffic before today), renames some and deletes others.
 */
import type { ChangeCounts } from '../../lib/emulation';
import { seededHashOf } from '../../lib/seeded-random';

export interface GaAccount {
  readonly id: string;
  readonly displayName: string;
}

export interface GaProperty {
  readonly id: string;
  readonly accountId: string;
  displayName: string;
  readonly baseName: string;
  readonly propertyType: 'PROPERTY_TYPE_ORDINARY';
  readonly timeZone: string;
  readonly currencyCode: string;
  /** The day it was created, in its time zone (YYYY-MM-DD): no traffic before. */
  readonly createdOn: string;
  /** About how many sessions it has a day. */
  readonly traffic: number;
}

/** The metrics the sandbox reports (https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema#metrics). */
export const GA_METRICS = ['sessions', 'totalUsers', 'newUsers', 'activeUsers', 'screenPageViews'] as const;
export type GaMetric = (typeof GA_METRICS)[number];

const ACCOUNTS: readonly GaAccount[] = [
  { id: '210004321', displayName: 'Sandbox Coffee Roasters' },
  { id: '210009876', displayName: 'Sandbox Blog' },
];

const START_PROPERTIES: readonly Omit<GaProperty, 'displayName'>[] = [
  {
    id: '310004001',
    accountId: '210004321',
    baseName: 'sandbox-coffee.example.com',
    propertyType: 'PROPERTY_TYPE_ORDINARY',
    timeZone: 'Europe/London',
    currencyCode: 'GBP',
    createdOn: '2023-03-14',
    traffic: 420,
  },
  {
    id: '310004002',
    accountId: '210004321',
    baseName: 'Coffee Roasters app',
    propertyType: 'PROPERTY_TYPE_ORDINARY',
    timeZone: 'Europe/London',
    currencyCode: 'GBP',
    createdOn: '2024-01-08',
    traffic: 130,
  },
  {
    id: '320008001',
    accountId: '210009876',
    baseName: 'blog.example.org',
    propertyType: 'PROPERTY_TYPE_ORDINARY',
    timeZone: 'America/New_York',
    currencyCode: 'USD',
    createdOn: '2022-11-02',
    traffic: 75,
  },
];

const NEW_NAMES = [
  'Spring campaign site',
  'Wholesale portal',
  'Events microsite',
  'Newsletter landing pages',
  'Subscriptions shop',
];
const FIRST_NEW_PROPERTY = 330_000_001;

export class GoogleAnalyticsData {
  readonly accounts: readonly GaAccount[] = ACCOUNTS;
  private list: GaProperty[];
  private renames = 0;
  private created = 0;

  constructor(readonly seed = 1) {
    this.list = START_PROPERTIES.map((p) => ({ ...p, displayName: p.baseName }));
  }

  get properties(): readonly GaProperty[] {
    return this.list;
  }

  property(id: string): GaProperty | undefined {
    return this.list.find((p) => p.id === id);
  }

  /** accountSummaries.list's AccountSummary resources, accounts in order. */
  summaries(): object[] {
    return this.accounts.map((account) => {
      const properties = this.list.filter((p) => p.accountId === account.id);
      return {
        name: `accountSummaries/${account.id}`,
        account: `accounts/${account.id}`,
        displayName: account.displayName,
        // proto3 JSON leaves out an empty repeated field.
        ...(properties.length > 0
          ? {
              propertySummaries: properties.map((p) => ({
                property: `properties/${p.id}`,
                displayName: p.displayName,
                propertyType: p.propertyType,
                parent: `accounts/${account.id}`,
              })),
            }
          : {}),
      };
    });
  }

  /** The property's figures for one day (YYYY-MM-DD); zeros before it was created. */
  day(property: GaProperty, date: string): Record<GaMetric, number> {
    if (date < property.createdOn) {
      return { sessions: 0, totalUsers: 0, newUsers: 0, activeUsers: 0, screenPageViews: 0 };
    }
    const r = (salt: number) => seededHashOf(this.seed, `${property.id}|${date}|${salt}`);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.7 : 1;
    const sessions = Math.round(property.traffic * weekend * (0.75 + 0.5 * r(1)));
    const totalUsers = Math.round(sessions * (0.7 + 0.15 * r(2)));
    const newUsers = Math.round(totalUsers * (0.25 + 0.2 * r(3)));
    return {
      sessions,
      totalUsers,
      newUsers,
      activeUsers: Math.round(totalUsers * (0.9 + 0.1 * r(4))),
      screenPageViews: Math.round(sessions * (1.5 + 2.5 * r(5))),
    };
  }

  /**
   * Adds properties (created `today` in their time zone: a report of earlier days has only zeros),
   * renames others (`updated`) and deletes others (`deleted`), renamed and deleted ones distinct and
   * among those there before. Asked for more than there are, it changes what there is. Answers what
   * it did.
   */
  mutate(request: ChangeCounts, now: Date): ChangeCounts {
    const before = [...this.list];
    const deleted = before.slice(Math.max(0, before.length - request.deleted));
    const updated = before.slice(0, Math.min(request.updated, before.length - deleted.length));
    this.list = this.list.filter((p) => !deleted.includes(p));
    for (const property of updated) {
      this.renames += 1;
      property.displayName = `${property.baseName} (renamed ${this.renames})`;
    }
    for (let i = 0; i < request.added; i++) {
      this.created += 1;
      const account = this.accounts[(this.created - 1) % this.accounts.length];
      const sibling = START_PROPERTIES.find((p) => p.accountId === account.id) ?? START_PROPERTIES[0];
      const stem = NEW_NAMES[(this.created - 1) % NEW_NAMES.length];
      const round = Math.floor((this.created - 1) / NEW_NAMES.length);
      const name = round === 0 ? stem : `${stem} ${round + 1}`;
      this.list.push({
        id: String(FIRST_NEW_PROPERTY + this.created - 1),
        accountId: account.id,
        baseName: name,
        displayName: name,
        propertyType: 'PROPERTY_TYPE_ORDINARY',
        timeZone: sibling.timeZone,
        currencyCode: sibling.currencyCode,
        createdOn: localDate(now, sibling.timeZone),
        traffic: 20 + Math.floor(seededHashOf(this.seed, `new|${this.created}`) * 200),
      });
    }
    return { added: request.added, updated: updated.length, deleted: deleted.length };
  }
}

/** The calendar date at `now` in `timeZone`, YYYY-MM-DD. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** `date` moved by `days` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A DateRange date as the Data API takes it: YYYY-MM-DD, `today`, `yesterday` or `NdaysAgo`
 * (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/DateRange),
 * relative to `today` (the property's). Undefined when it is none of those.
 */
export function resolveDate(value: unknown, today: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === 'today') return today;
  if (value === 'yesterday') return addDays(today, -1);
  const ago = /^(\d{1,4})daysAgo$/.exec(value);
  if (ago) return addDays(today, -Number(ago[1]));
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    return new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value ? value : undefined;
  }
  return undefined;
}

/** The days from `start` to `end`, both included. */
export function daysBetween(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}
