import express, { type NextFunction, type Request, type Response } from 'express';
import { DAILY_REPORT_REQUEST, GOOGLE_ANALYTICS_MANIFEST } from '@hub/server/integrations/google-analytics';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { codeOption, integerOption, type OptionValues } from '../../lib/emulation-options';
import { opaqueTokens } from '../../lib/page-token';
import type { SandboxProvider } from '../../lib/provider-definition';
import { type GoogleRpcError, sendGoogleRpcError } from '../google-common/google-errors';
import { GoogleProjectErrors } from '../google-common/google-project-errors';
import {
  daysBetween,
  GA_METRICS,
  type GaMetric,
  type GaProperty,
  GoogleAnalyticsData,
  localDate,
  resolveDate,
} from './google-analytics-data';

const GOOGLE_ANALYTICS_OPTIONS = {
  /** Seed of the generated traffic. */
  seed: integerOption({ default: 1, env: 'SANDBOX_GOOGLE_ANALYTICS_SEED' }),
  /** The clock reports are relative to ("today", "30daysAgo"); default the real one. */
  now: codeOption<() => Date>(() => new Date()),
};

/** The two APIs, as ErrorInfo names them; both answer errors in the newer form only. */
const ADMIN_SERVICE = {
  name: 'analyticsadmin.googleapis.com',
  title: 'Google Analytics Admin API',
  legacyErrors: false,
};
const DATA_SERVICE = { name: 'analyticsdata.googleapis.com', title: 'Google Analytics Data API', legacyErrors: false };
/** The API a request path is on: the Data API's host is mounted under `/_hosts/data`. */
function serviceOf(path: string) {
  return path.includes('/_hosts/data/') ? DATA_SERVICE : ADMIN_SERVICE;
}
const READONLY_SCOPE = 'https://www.googleapis.com/auth/analytics.readonly';
/** accountSummaries.list: "If unspecified, at most 50 … The maximum value is 200; (higher values will be coerced to the maximum)". */
const DEFAULT_SUMMARIES = 50;
const MAX_SUMMARIES = 200;
/** runReport: limit defaults to 10,000 rows and "can't be larger than 250,000". */
const DEFAULT_LIMIT = 10_000;
const MAX_LIMIT = 250_000;
const SCHEMA_LINK =
  'For a list of valid dimensions and metrics, see https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema ';

/** The days from `start` to `end` the property has data for: from the day it was created to today. */
function recordedDays(property: GaProperty, start: string, end: string, today: string): string[] {
  return daysBetween(start, end).filter((date) => date >= property.createdOn && date <= today);
}

/**
 * Report rows a property has in the hub's daily report (DAILY_REPORT_REQUEST's date range, in the
 * property's time zone): its days with data. Every day with data has traffic, so keepEmptyRows changes nothing.
 */
export function dailyReportRows(property: GaProperty, now: Date): number {
  const [range] = DAILY_REPORT_REQUEST.dateRanges;
  const today = localDate(now, property.timeZone);
  const start = resolveDate(range.startDate, today);
  const end = resolveDate(range.endDate, today);
  if (!start || !end) throw new Error('The hub’s daily report asks for dates the sandbox cannot read');
  return recordedDays(property, start, end, today).length;
}

/**
 * Google Analytics as the provider calls it, on its two hosts:
 * - the Admin API (https://analyticsadmin.googleapis.com/v1beta): GET /accountSummaries with
 *   pageSize and pageToken;
 * - the Data API (https://analyticsdata.googleapis.com/v1beta, under `/_hosts/data`):
 *   POST /properties/{id}:runReport with dateRanges (one; YYYY-MM-DD, today, yesterday, NdaysAgo),
 *   the `date` dimension, metrics (sessions, totalUsers, newUsers, activeUsers, screenPageViews),
 *   orderBys on date, keepEmptyRows, limit and offset; the documented RunReportResponse.
 * Both need analytics.readonly. Scopes include `openid email`, so the token answer carries an ID token
 * with the sandbox user's `sub` and `email`. Errors in Google's newer form (`code`, `message`, `status`,
 * `details`; no legacy `errors[]`); rate limits and a disabled API on demand (`google-project-errors.ts`,
 * `POST /_sandbox/google-analytics/google-errors`); no rate-limit headers. Reports have rows only for
 * days with data (from the property's creation to today).
 * Controls: `POST /_sandbox/google-analytics/mutate`, `GET /_sandbox/google-analytics/data`.
 */
export const googleAnalyticsEmulation = defineEmulation({
  id: 'google-analytics',
  options: GOOGLE_ANALYTICS_OPTIONS,
  create: googleAnalyticsSandbox,
});

function googleAnalyticsSandbox({ seed, now }: OptionValues<typeof GOOGLE_ANALYTICS_OPTIONS>): SandboxProvider {
  let data = new GoogleAnalyticsData(seed);
  const projectErrors = new GoogleProjectErrors(serviceOf);

  // Both APIs answer in the newer error form, ErrorInfo naming the API of the request's host.
  const sendError = (res: Response, error: GoogleRpcError) =>
    sendGoogleRpcError(res, error, serviceOf(res.req.originalUrl).name);
  const invalid = (res: Response, message: string) => sendError(res, { status: 400, kind: 'bad_request', message });

  return {
    ...fromManifest(GOOGLE_ANALYTICS_MANIFEST),
    name: 'Google Analytics',
    sendError,
    rateLimitHeaders: () => ({}),
    api: (context) => {
      const router = express.Router();
      router.use(projectErrors.middleware);

      router.get('/accountSummaries', (req, res) => {
        if (!context.hasScope(req, res, READONLY_SCOPE)) return;
        const query = req.query as Record<string, unknown>;
        const size = summariesPageSize(query['pageSize']);
        if (size === undefined) return invalid(res, 'page_size must be positive');
        const summaries = data.summaries();
        let start = 0;
        if (query['pageToken'] !== undefined && query['pageToken'] !== '') {
          const after = accountAfter(query['pageToken']);
          const index = data.accounts.findIndex((a) => a.id === after);
          if (index < 0) return invalid(res, 'Invalid page token');
          start = index + 1;
        }
        const page = summaries.slice(start, start + size);
        const last = data.accounts[start + page.length - 1];
        res.json({
          ...(page.length > 0 ? { accountSummaries: page } : {}),
          ...(start + size < summaries.length && last ? { nextPageToken: tokenAfter(last.id) } : {}),
        });
      });

      // `properties/{id}:runReport`: the colon is part of the last path segment.
      router.post('/_hosts/data/properties/:call', express.json({ limit: '1mb' }), (req, res) => {
        if (!context.hasScope(req, res, READONLY_SCOPE)) return;
        const match = /^(\d{1,20}):runReport$/.exec(String(req.params['call']));
        if (!match) {
          return sendError(res, {
            status: 404,
            kind: 'not_found',
            message: `${req.method} ${req.path} is not an endpoint here.`,
          });
        }
        const property = data.property(match[1]);
        if (!property) {
          return sendError(res, {
            status: 403,
            kind: 'forbidden',
            message:
              'User does not have sufficient permissions for this property. To learn more about Property ID, see https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.',
            // A property the user may not see: no ErrorInfo (the token's scopes are fine).
            errorInfo: null,
          });
        }
        const today = localDate(now(), property.timeZone);
        const request = parseReportRequest(req.body, today);
        if (typeof request === 'string') return invalid(res, request);
        // Only days the property recorded data on have rows, keepEmptyRows or not ("only data recorded
        // by the Google Analytics property can be displayed in a report"): none before it was created,
        // none after today, so a new property's report has no `rows` at all.
        let rows = recordedDays(property, request.start, request.end, today).map((date) => ({
          date,
          values: data.day(property, date),
        }));
        if (!request.keepEmptyRows) rows = rows.filter((row) => request.metrics.some((m) => row.values[m] !== 0));
        if (!request.byDate) {
          // No dimension: one row of totals.
          const totals = Object.fromEntries(
            request.metrics.map((m) => [m, rows.reduce((sum, row) => sum + row.values[m], 0)]),
          ) as Record<GaMetric, number>;
          rows = rows.length > 0 ? [{ date: '', values: totals }] : [];
        }
        if (request.desc) rows.reverse();
        const page = rows.slice(request.offset, request.offset + request.limit);
        res.json({
          ...(request.byDate ? { dimensionHeaders: [{ name: 'date' }] } : {}),
          metricHeaders: request.metrics.map((name) => ({ name, type: 'TYPE_INTEGER' })),
          ...(page.length > 0
            ? {
                rows: page.map((row) => ({
                  ...(request.byDate ? { dimensionValues: [{ value: row.date.replaceAll('-', '') }] } : {}),
                  metricValues: request.metrics.map((m) => ({ value: String(row.values[m]) })),
                })),
              }
            : {}),
          // proto3 JSON leaves out a zero.
          ...(rows.length > 0 ? { rowCount: rows.length } : {}),
          metadata: { currencyCode: property.currencyCode, timeZone: property.timeZone },
          kind: 'analyticsData#runReport',
        });
      });

      // A body that is not JSON: Google's 400, not the sandbox's 500.
      router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
        if ((error as { type?: unknown } | null)?.type === 'entity.parse.failed') {
          invalid(res, 'Invalid JSON payload received.');
          return;
        }
        next(error);
      });
      return router;
    },
    dataset: {
      state: () => ({
        accounts: data.accounts.length,
        properties: data.properties.map((p) => ({ id: p.id, account: p.accountId, displayName: p.displayName })),
        seed,
      }),
      // New, renamed and removed properties. The next sync counts them in `properties`, and a day
      // of report per property and day with data in the hub's window in `daily-report` (a property
      // created now has none: its report has no rows yet).
      mutate: (request) => {
        const before = data.properties;
        const done = data.mutate(request, now());
        const rows = (properties: readonly GaProperty[]) =>
          properties.reduce((sum, property) => sum + dailyReportRows(property, now()), 0);
        return {
          expected: {
            properties: done,
            'daily-report': {
              added: rows(data.properties.filter((p) => !before.includes(p))),
              updated: 0,
              deleted: rows(before.filter((p) => !data.properties.includes(p))),
            },
          },
        };
      },
      reset: () => {
        data = new GoogleAnalyticsData(seed);
        projectErrors.clear();
      },
    },
    control: () => projectErrors.control(),
  };
}

interface ReportRequest {
  start: string;
  end: string;
  byDate: boolean;
  metrics: GaMetric[];
  desc: boolean;
  keepEmptyRows: boolean;
  limit: number;
  offset: number;
}

/**
 * A RunReportRequest the sandbox can answer, or why not (Google's wording where it has one). int64
 * fields (limit, offset) come as JSON strings or numbers.
 */
function parseReportRequest(body: unknown, today: string): ReportRequest | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'Invalid JSON payload received.';
  const request = body as Record<string, unknown>;
  const ranges = request['dateRanges'];
  if (!Array.isArray(ranges) || ranges.length === 0) return 'Must specify at least one date range.';
  if (ranges.length > 1) return 'The sandbox answers one date range at a time.';
  const range = (ranges[0] ?? {}) as Record<string, unknown>;
  const start = resolveDate(range['startDate'], today);
  const end = resolveDate(range['endDate'], today);
  if (!start) return `Invalid startDate: ${JSON.stringify(range['startDate'])}`;
  if (!end) return `Invalid endDate: ${JSON.stringify(range['endDate'])}`;
  if (start > end) return `The dateRange's startDate ${start} is after its endDate ${end}.`;

  const names = (value: unknown, key: string): string[] | string => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) return `Invalid value at '${key}'`;
    return value.map((entry) => String((entry as { name?: unknown } | null)?.name ?? ''));
  };
  const dimensions = names(request['dimensions'], 'dimensions');
  if (typeof dimensions === 'string') return dimensions;
  const unknownDimension = dimensions.find((name) => name !== 'date');
  if (unknownDimension !== undefined) return `Field ${unknownDimension} is not a valid dimension. ${SCHEMA_LINK}`;
  const metrics = names(request['metrics'], 'metrics');
  if (typeof metrics === 'string') return metrics;
  const unknownMetric = metrics.find((name) => !GA_METRICS.includes(name as GaMetric));
  if (unknownMetric !== undefined) return `Field ${unknownMetric} is not a valid metric. ${SCHEMA_LINK}`;
  if (metrics.length === 0) return 'The sandbox needs at least one metric.';

  let desc = false;
  const orderBys = request['orderBys'];
  if (orderBys !== undefined) {
    if (!Array.isArray(orderBys)) return "Invalid value at 'order_bys'";
    for (const order of orderBys as Record<string, unknown>[]) {
      const dimension = (order?.['dimension'] as { dimensionName?: unknown } | undefined)?.dimensionName;
      if (dimension !== 'date' || !dimensions.includes('date'))
        return 'The sandbox orders reports by the date dimension only.';
      desc = order['desc'] === true;
    }
  }
  const limit = int64(request['limit'], DEFAULT_LIMIT);
  if (limit === undefined || limit < 1) return 'limit must be positive.';
  if (limit > MAX_LIMIT) return `limit must not be greater than ${MAX_LIMIT}.`;
  const offset = int64(request['offset'], 0);
  if (offset === undefined || offset < 0) return 'offset must not be negative.';
  const keep = request['keepEmptyRows'];
  if (keep !== undefined && typeof keep !== 'boolean') return "Invalid value at 'keep_empty_rows'";
  return {
    start,
    end,
    byDate: dimensions.includes('date'),
    metrics: metrics as GaMetric[],
    desc,
    keepEmptyRows: keep === true,
    limit,
    offset,
  };
}

function int64(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

function summariesPageSize(value: unknown): number | undefined {
  if (value === undefined || value === '' || value === '0') return DEFAULT_SUMMARIES;
  const parsed = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(parsed) && parsed > 0 ? Math.min(parsed, MAX_SUMMARIES) : undefined;
}

/** Opaque page tokens (base64url) naming the last account of the previous page. */
const SUMMARY_TOKENS = opaqueTokens({ text: /^accountSummaries\/\d+$/ });

function tokenAfter(accountId: string): string {
  return SUMMARY_TOKENS.encode(`accountSummaries/${accountId}`);
}

function accountAfter(token: unknown): string | undefined {
  return SUMMARY_TOKENS.decode(token)?.slice('accountSummaries/'.length);
}
