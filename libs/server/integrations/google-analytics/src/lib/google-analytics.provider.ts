import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  type AccountInfo,
  type CredentialsParams,
  cursorFields,
  decodeCursor,
  encodeCursor,
  googleApiErrorCode,
  HttpProvider,
  type HttpProviderOptions,
  IntegrationError,
  type IntegrationProvider,
  IntegrationProviderClass,
  PROVIDER_BASE_URLS,
  ProviderApiError,
  type ProviderBaseUrls,
  providerOptionsToken,
  requireCount,
  type SyncPage,
  type SyncParams,
  toGoogleIntegrationError,
} from '@hub/server/integrations/core';
import { GOOGLE_ANALYTICS_MANIFEST } from './google-analytics.manifest';

export interface GoogleAnalyticsProviderOptions extends HttpProviderOptions {
  /**
   * The Admin API, default the manifest's `api.baseUrl` (`https://analyticsadmin.googleapis.com/v1beta`).
   * The Data API is its `data` host: the manifest's, or `<apiBaseUrl>/_hosts/data` when overridden.
   */
  readonly apiBaseUrl: string;
  /**
   * Records per page: accountSummaries.list's `pageSize` (its maximum is 200) and runReport's `limit`.
   * A daily report has 30 rows a property, so one page holds most properties' report.
   */
  readonly pageSize: number;
}

/** Nest token for `Partial<GoogleAnalyticsProviderOptions>` (optional). */
export const GOOGLE_ANALYTICS_PROVIDER_OPTIONS =
  providerOptionsToken<GoogleAnalyticsProviderOptions>('google-analytics');

const PROVIDER = 'Google Analytics';
/** accountSummaries.list: "The maximum value is 200; (higher values will be coerced to the maximum)". */
const MAX_PAGE_SIZE = 200;
/** Account summaries pages "connected as" reads at most (200 accounts each). */
const MAX_ACCOUNT_PAGES = 25;

/** The report a `daily-report` record is a row of: the last 30 whole days, one row a day. */
export const DAILY_REPORT_REQUEST = {
  // 30daysAgo … yesterday: 30 complete days (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/DateRange).
  dateRanges: [{ startDate: '30daysAgo', endDate: 'yesterday' }],
  dimensions: [{ name: 'date' }],
  metrics: [{ name: 'sessions' }, { name: 'totalUsers' }, { name: 'newUsers' }],
  orderBys: [{ dimension: { dimensionName: 'date' } }],
  // Days with data but no traffic are rows of zeros. Days the property recorded nothing for (before
  // it existed, or a new property's whole window) have no row at all, keepEmptyRows or not: a report
  // may hold fewer than 30 days, or no `rows` and no `rowCount` (proto3 JSON leaves out a zero).
  keepEmptyRows: true,
} as const;
const METRICS = DAILY_REPORT_REQUEST.metrics.map((metric) => metric.name);

/** accountSummaries.list (https://developers.google.com/analytics/devguides/config/admin/v1/rest/v1beta/accountSummaries/list). */
interface AccountSummariesPage {
  accountSummaries?: {
    name?: string;
    account?: string;
    displayName?: string;
    propertySummaries?: { property?: string; displayName?: string; propertyType?: string; parent?: string }[];
  }[];
  nextPageToken?: string;
}

/** properties.runReport (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/RunReportResponse). */
interface RunReportResponse {
  dimensionHeaders?: { name?: string }[];
  metricHeaders?: { name?: string; type?: string }[];
  rows?: { dimensionValues?: { value?: string }[]; metricValues?: { value?: string }[] }[];
  rowCount?: number;
}

/** One property as accountSummaries lists it, with its account. */
interface PropertyEntry {
  readonly propertyId: string;
  readonly data: Record<string, unknown>;
}

/**
 * Where a sync resumes. Both resources walk accountSummaries.list pages (`pageToken`, null for the
 * first); `properties` at the `skip`-th property of that page, `report` at property `index` of that
 * page and row `offset` of its report. `pageSize` is the one the pass started with (Google wants the
 * same parameters with a page token).
 */
interface PropertiesCursor {
  v: 1;
  kind: 'properties';
  pageToken: string | null;
  skip: number;
  pageSize: number;
}
interface ReportCursor {
  v: 1;
  kind: 'report';
  pageToken: string | null;
  index: number;
  offset: number;
  pageSize: number;
}

const PAGE_TOKEN = /^[\x21-\x7e]{1,1024}$/;
const PROPERTY_NAME = /^properties\/(\d{1,20})$/;
const ACCOUNT_NAME = /^accounts\/(\d{1,20})$/;

/**
 * Google Analytics (GA4): "connected as" the Google account of the ID token, a sync of the accounts'
 * properties and a daily report (sessions, total users, new users) of each.
 *
 * APIs used (the Admin API's base `https://analyticsadmin.googleapis.com/v1beta`, the Data API's
 * `https://analyticsdata.googleapis.com/v1beta`; both overridable through `PROVIDER_BASE_URLS`):
 * - the ID token of the token answer (scopes `openid email`): `sub` and `email`;
 * - GET /accountSummaries?pageSize=&pageToken= — accounts and their properties
 *   (https://developers.google.com/analytics/devguides/config/admin/v1/rest/v1beta/accountSummaries/list);
 * - POST {data}/properties/{id}:runReport — the daily report, paged with limit/offset
 *   (https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport,
 *   pagination: https://developers.google.com/analytics/devguides/reporting/data/v1/basics#pagination).
 *
 * Both resources are full passes (neither API has a change feed): a property that disappears, and
 * report days that leave the 30-day window, are deleted by the pass's end. The Data API's quota
 * answers (429 RESOURCE_EXHAUSTED, https://developers.google.com/analytics/devguides/reporting/data/v1/quotas)
 * are RATE_LIMITED.
 */
@Injectable()
@IntegrationProviderClass()
export class GoogleAnalyticsProvider
  extends HttpProvider<GoogleAnalyticsProviderOptions>
  implements IntegrationProvider
{
  readonly manifest = GOOGLE_ANALYTICS_MANIFEST;
  private readonly admin = this.client({ errorCode: googleApiErrorCode });
  private readonly data = this.client({ errorCode: googleApiErrorCode, host: 'data' });

  constructor(
    @Optional() @Inject(PROVIDER_BASE_URLS) baseUrls?: ProviderBaseUrls | null,
    @Optional() @Inject(GOOGLE_ANALYTICS_PROVIDER_OPTIONS) options?: Partial<GoogleAnalyticsProviderOptions> | null,
  ) {
    super(
      {
        manifest: GOOGLE_ANALYTICS_MANIFEST,
        label: PROVIDER,
        defaults: { timeoutMs: 15_000, pageSize: MAX_PAGE_SIZE },
      },
      baseUrls,
      options,
    );
    requireCount(this.options.pageSize, MAX_PAGE_SIZE, `Google Analytics pages hold 1 to ${MAX_PAGE_SIZE} records`);
  }

  /**
   * Who connected comes from the ID token Google's token endpoint sent with the access token (OIDC
   * Core 3.1.3.7: received straight from the token endpoint over TLS, so its signature need not be
   * checked); what they can see from accountSummaries.list.
   */
  async getAccountInfo(params: CredentialsParams): Promise<AccountInfo> {
    const token = this.accessToken(params.credentials);
    const identity = identityOf(params.credentials['idToken']);
    let accounts = 0;
    let properties = 0;
    let firstAccount: string | undefined;
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_ACCOUNT_PAGES; page++) {
      const query = new URLSearchParams({ pageSize: String(MAX_PAGE_SIZE) });
      if (pageToken) query.set('pageToken', pageToken);
      const summaries = checkedSummaries(
        await this.admin.get<AccountSummariesPage>(`/accountSummaries?${query}`, token, params.signal),
      );
      for (const summary of summaries.accountSummaries ?? []) {
        accounts += 1;
        properties += summary?.propertySummaries?.length ?? 0;
        if (firstAccount === undefined && typeof summary?.displayName === 'string') firstAccount = summary.displayName;
      }
      pageToken = nextToken(summaries);
      if (!pageToken) break;
    }
    return {
      externalAccountId: identity.sub,
      displayName: identity.email ?? identity.sub,
      ...(identity.email ? { email: identity.email } : {}),
      ...(firstAccount ? { workspaceName: firstAccount } : {}),
      url: 'https://analytics.google.com/analytics/web/',
      details: { accounts, properties },
    };
  }

  async *sync(params: SyncParams): AsyncIterable<SyncPage> {
    if (params.resource === 'properties') {
      const token = this.accessToken(params.credentials);
      const start: PropertiesCursor =
        params.cursor === null
          ? { v: 1, kind: 'properties', pageToken: null, skip: 0, pageSize: this.options.pageSize }
          : decodeCursor(params.cursor, PROVIDER, isPropertiesCursor);
      yield* this.properties(token, start, params.signal);
      return;
    }
    if (params.resource === 'daily-report') {
      const token = this.accessToken(params.credentials);
      const start: ReportCursor =
        params.cursor === null
          ? { v: 1, kind: 'report', pageToken: null, index: 0, offset: 0, pageSize: this.options.pageSize }
          : decodeCursor(params.cursor, PROVIDER, isReportCursor);
      yield* this.reports(token, start, params.signal);
      return;
    }
    throw new IntegrationError(
      'INVALID_CONFIG',
      `Google Analytics cannot sync "${params.resource}" (only properties and daily-report)`,
    );
  }

  toIntegrationError(error: unknown): IntegrationError {
    return toGoogleIntegrationError(error, PROVIDER);
  }

  /** Properties, at most `pageSize` a page: an accountSummaries page of many properties is cut up. */
  private async *properties(token: string, start: PropertiesCursor, signal: AbortSignal): AsyncIterable<SyncPage> {
    const { pageSize } = start;
    let pageToken = start.pageToken;
    let skip = start.skip;
    for (;;) {
      const summaries = await this.summaries(token, pageToken, pageSize, signal);
      const entries = propertiesOf(summaries);
      const following = nextToken(summaries) ?? null;
      for (let from = skip; ; from += pageSize) {
        // Cut from a page already fetched: no request to carry the signal, so it is checked here.
        signal.throwIfAborted();
        const more = from + pageSize < entries.length;
        const next: PropertiesCursor | null = more
          ? { v: 1, kind: 'properties', pageToken, skip: from + pageSize, pageSize }
          : following !== null
            ? { v: 1, kind: 'properties', pageToken: following, skip: 0, pageSize }
            : null;
        yield {
          records: entries
            .slice(from, from + pageSize)
            .map((entry) => ({ externalId: entry.propertyId, data: entry.data })),
          nextCursor: next ? encodeCursor(next) : null,
        };
        if (!more) break;
      }
      if (following === null) return;
      pageToken = following;
      skip = 0;
    }
  }

  /**
   * Each property's daily report, a page of at most `pageSize` rows per yield (runReport's limit and
   * offset). A property whose report has no rows yields nothing unless it is the very last.
   */
  private async *reports(token: string, start: ReportCursor, signal: AbortSignal): AsyncIterable<SyncPage> {
    const { pageSize } = start;
    let pageToken = start.pageToken;
    let index = start.index;
    let offset = start.offset;
    for (;;) {
      const summaries = await this.summaries(token, pageToken, pageSize, signal);
      const entries = propertiesOf(summaries);
      const following = nextToken(summaries) ?? null;
      for (; index < entries.length; index++, offset = 0) {
        for (;;) {
          const { propertyId } = entries[index];
          signal.throwIfAborted();
          const report = await this.data.request<RunReportResponse>(
            'POST',
            `/properties/${encodeURIComponent(propertyId)}:runReport`,
            {
              token,
              signal,
              json: { ...DAILY_REPORT_REQUEST, limit: String(pageSize), offset: String(offset) },
            },
          );
          const records = reportRecords(propertyId, report.body);
          const end = offset + records.length;
          const rowCount = report.body?.rowCount;
          const moreRows = records.length > 0 && typeof rowCount === 'number' && end < rowCount;
          const next: ReportCursor | null = moreRows
            ? { v: 1, kind: 'report', pageToken, index, offset: end, pageSize }
            : index + 1 < entries.length
              ? { v: 1, kind: 'report', pageToken, index: index + 1, offset: 0, pageSize }
              : following !== null
                ? { v: 1, kind: 'report', pageToken: following, index: 0, offset: 0, pageSize }
                : null;
          if (records.length > 0 || next === null) yield { records, nextCursor: next ? encodeCursor(next) : null };
          if (next === null) return;
          if (!moreRows) break;
          offset = end;
        }
      }
      if (following === null) {
        // No property left on the last page (none at all, or fewer than a resumed cursor expected).
        yield { records: [], nextCursor: null };
        return;
      }
      pageToken = following;
      index = 0;
      offset = 0;
    }
  }

  /**
   * One accountSummaries.list page. A 400 on a page token from a saved cursor means Google no longer
   * takes it: CURSOR_INVALID, and the resource starts over.
   */
  private async summaries(
    token: string,
    pageToken: string | null,
    pageSize: number,
    signal: AbortSignal,
  ): Promise<AccountSummariesPage> {
    signal.throwIfAborted();
    const query = new URLSearchParams({ pageSize: String(pageSize) });
    if (pageToken) query.set('pageToken', pageToken);
    try {
      return checkedSummaries(await this.admin.get<AccountSummariesPage>(`/accountSummaries?${query}`, token, signal));
    } catch (error) {
      if (pageToken && error instanceof ProviderApiError && error.status === 400) {
        throw new IntegrationError(
          'CURSOR_INVALID',
          'Google Analytics refused the saved page token: the sync starts over',
          {
            status: 400,
          },
        );
      }
      throw error;
    }
  }
}

/**
 * `sub` and `email` of the ID token (a JWS: header.payload.signature, base64url). Not verified: it
 * came from Google's token endpoint over TLS with the access token (OIDC Core 3.1.3.7). Never
 * echoes the token in a message.
 */
export function identityOf(idToken: unknown): { sub: string; email?: string } {
  if (typeof idToken !== 'string' || idToken === '') {
    throw new IntegrationError(
      'UNKNOWN',
      'Google sent no ID token with this connection (the openid and email scopes are needed): reconnect Google Analytics',
    );
  }
  const parts = idToken.split('.');
  let claims: Record<string, unknown> | undefined;
  if (parts.length === 3 && /^[A-Za-z0-9_-]+$/.test(parts[1])) {
    try {
      claims = cursorFields(JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')));
    } catch {
      claims = undefined;
    }
  }
  const sub = claims?.['sub'];
  if (typeof sub !== 'string' || sub === '' || sub.length > 255) {
    throw new IntegrationError('UNKNOWN', 'The ID token Google sent has no usable subject (sub)');
  }
  const email = claims?.['email'];
  return typeof email === 'string' && email.includes('@') ? { sub, email } : { sub };
}

function checkedSummaries(page: AccountSummariesPage): AccountSummariesPage {
  if (
    !page ||
    typeof page !== 'object' ||
    (page.accountSummaries !== undefined && !Array.isArray(page.accountSummaries)) ||
    (page.accountSummaries ?? []).some(
      (summary) =>
        !summary ||
        typeof summary !== 'object' ||
        (summary.propertySummaries !== undefined && !Array.isArray(summary.propertySummaries)),
    )
  ) {
    throw new IntegrationError('UNKNOWN', 'Google Analytics answered accountSummaries.list with something else');
  }
  return page;
}

function nextToken(page: AccountSummariesPage): string | undefined {
  return typeof page.nextPageToken === 'string' && page.nextPageToken !== '' ? page.nextPageToken : undefined;
}

/** The page's properties in the order Google lists them, each with its account. */
function propertiesOf(page: AccountSummariesPage): PropertyEntry[] {
  const entries: PropertyEntry[] = [];
  for (const summary of page.accountSummaries ?? []) {
    const accountId = typeof summary.account === 'string' ? ACCOUNT_NAME.exec(summary.account)?.[1] : undefined;
    for (const property of summary.propertySummaries ?? []) {
      const propertyId =
        typeof property?.property === 'string' ? PROPERTY_NAME.exec(property.property)?.[1] : undefined;
      if (!propertyId) throw new IntegrationError('UNKNOWN', 'Google Analytics listed a property without a numeric id');
      entries.push({
        propertyId,
        data: {
          property: property.property,
          propertyId,
          displayName: typeof property.displayName === 'string' ? property.displayName : null,
          propertyType: typeof property.propertyType === 'string' ? property.propertyType : null,
          parent: typeof property.parent === 'string' ? property.parent : null,
          account: typeof summary.account === 'string' ? summary.account : null,
          accountId: accountId ?? null,
          accountDisplayName: typeof summary.displayName === 'string' ? summary.displayName : null,
        },
      });
    }
  }
  return entries;
}

/** A runReport page as records `<property>:<YYYY-MM-DD>`, columns found by their headers. */
function reportRecords(propertyId: string, report: RunReportResponse): SyncPage['records'][number][] {
  if (!report || typeof report !== 'object' || (report.rows !== undefined && !Array.isArray(report.rows))) {
    throw new IntegrationError('UNKNOWN', 'Google Analytics answered runReport with something other than a report');
  }
  const rows = report.rows ?? [];
  if (rows.length === 0) return [];
  const dimensions = (report.dimensionHeaders ?? []).map((header) => header?.name);
  const metrics = (report.metricHeaders ?? []).map((header) => header?.name);
  const dateColumn = dimensions.indexOf('date');
  if (dateColumn < 0 || METRICS.some((name) => !metrics.includes(name))) {
    throw new IntegrationError(
      'UNKNOWN',
      'Google Analytics answered runReport without the date and metric columns asked for',
    );
  }
  return rows.map((row) => {
    const raw = row?.dimensionValues?.[dateColumn]?.value;
    const match = typeof raw === 'string' ? /^(\d{4})(\d{2})(\d{2})$/.exec(raw) : null;
    if (!match) throw new IntegrationError('UNKNOWN', 'Google Analytics answered runReport with a row without a date');
    const date = `${match[1]}-${match[2]}-${match[3]}`;
    const data: Record<string, unknown> = { property: `properties/${propertyId}`, propertyId, date };
    for (const name of METRICS) {
      const value = Number(row.metricValues?.[metrics.indexOf(name)]?.value);
      data[name] = Number.isFinite(value) ? value : null;
    }
    return { externalId: `${propertyId}:${date}`, data };
  });
}

function isPageToken(value: unknown): boolean {
  return value === null || (typeof value === 'string' && PAGE_TOKEN.test(value));
}

function isCount(value: unknown, max = Number.MAX_SAFE_INTEGER): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

function isPropertiesCursor(value: unknown): value is PropertiesCursor {
  const fields = cursorFields(value);
  return (
    fields?.['v'] === 1 &&
    fields['kind'] === 'properties' &&
    isPageToken(fields['pageToken']) &&
    isCount(fields['skip']) &&
    isCount(fields['pageSize'], MAX_PAGE_SIZE) &&
    fields['pageSize'] !== 0
  );
}

function isReportCursor(value: unknown): value is ReportCursor {
  const fields = cursorFields(value);
  return (
    fields?.['v'] === 1 &&
    fields['kind'] === 'report' &&
    isPageToken(fields['pageToken']) &&
    isCount(fields['index']) &&
    isCount(fields['offset']) &&
    isCount(fields['pageSize'], MAX_PAGE_SIZE) &&
    fields['pageSize'] !== 0
  );
}
