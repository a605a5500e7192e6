import { IntegrationError } from './integration-error';
import { ProviderApiError, transportIntegrationError } from './provider-http';

/**
 * What the Microsoft 365 providers (OneDrive, Outlook mail, Outlook Calendar, Teams) share about
 * Microsoft Graph and the identity platform: the error code kept from Graph's error JSON and what it
 * means for the hub, following `@odata.nextLink` / `@odata.deltaLink` without ever leaving the API,
 * who connected (the ID token's `tid` and `oid`), and the `Prefer` header values.
 */

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** A Graph top-level code (`itemNotFound`, `InvalidAuthenticationToken`, `Authorization_RequestDenied`). */
const GRAPH_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** An inner code: the same characters, and it may be a number (throttling's inner `"code": "429"`). */
const GRAPH_INNER_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** ProviderHttp keeps codes of at most 64 characters. */
const MAX_CODE_LENGTH = 64;
/** `innererror` nests recursively; a body nested deeper than this is not Graph's. */
const MAX_INNER_DEPTH = 8;

/**
 * The code ProviderHttp keeps from a Graph error body (its `errorCode` option). Graph answers
 * `{"error":{"code","message","innerError":{"code"?, "innererror"?: {…}, "request-id", "date"}}}`,
 * spelled `innerError` or `innererror`, the inner errors nested recursively and more specific the
 * deeper they are (https://learn.microsoft.com/en-us/graph/errors: "loop through all the error codes
 * available and use the most detailed one"). Kept: the top-level code, and the innermost inner code
 * after a colon when it differs (`activityLimitReached:throttledRequest`, `TooManyRequests:429`);
 * never the message ("not localized … can change at any time"). A top-level code of other characters
 * keeps nothing; an inner one is dropped, as is one that would make the code longer than ProviderHttp keeps.
 */
export function graphErrorCode(body: unknown): string | undefined {
  const error = objectOf(objectOf(body)?.['error']);
  const code = error?.['code'];
  if (typeof code !== 'string' || !GRAPH_CODE.test(code)) return undefined;
  let inner: unknown;
  let level = error;
  for (let depth = 0; depth < MAX_INNER_DEPTH; depth++) {
    const next = objectOf(level?.['innererror'] ?? level?.['innerError']);
    if (!next) break;
    if (next['code'] !== undefined) inner = next['code'];
    level = next;
  }
  if (typeof inner !== 'string' || inner === code || !GRAPH_INNER_CODE.test(inner)) return code;
  const both = `${code}:${inner}`;
  return both.length <= MAX_CODE_LENGTH ? both : code;
}

/**
 * Codes of a delta token Graph no longer knows: `resyncRequired` and `syncStateNotFound` (the basic
 * codes of https://learn.microsoft.com/en-us/graph/errors), OneDrive's `resyncChangesApplyDifferences`
 * / `resyncChangesUploadDifferences` (https://learn.microsoft.com/en-us/graph/api/driveitem-delta) and
 * the inner `resyncApplyDifferences` / `resyncUploadDifferences`. Lower case: Outlook has been seen
 * sending `SyncStateNotFound` (https://github.com/microsoftgraph/microsoft-graph-docs/issues/2350).
 */
const RESYNC_CODES = new Set([
  'resyncrequired',
  'resyncchangesapplydifferences',
  'resyncchangesuploaddifferences',
  'resyncapplydifferences',
  'resyncuploaddifferences',
  'syncstatenotfound',
]);

/**
 * 403 codes of a permission the token lacks: Graph's `accessDenied`, Outlook's `ErrorAccessDenied`,
 * the directory's `Authorization_RequestDenied` ("Insufficient privileges to complete the operation").
 */
const ACCESS_DENIED_CODES = new Set(['accessdenied', 'erroraccessdenied', 'authorization_requestdenied']);

/**
 * The account has no Exchange Online mailbox: not licensed for it, a guest, or a mailbox on-premises
 * (https://github.com/microsoftgraph/msgraph-sdk-javascript/issues/1756,
 * https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/405). Usually a 404, sometimes a 403.
 */
const NO_MAILBOX_CODE = 'mailboxnotenabledforrestapi';

/**
 * What a Graph failure means for the hub (statuses and codes from
 * https://learn.microsoft.com/en-us/graph/errors). Pure; codes compared case-insensitively, top-level
 * and inner alike:
 * - 401 (`InvalidAuthenticationToken`) → AUTH_REVOKED (the runner refreshes once, then asks for a reconnect);
 * - `MailboxNotEnabledForRESTAPI` (404 or 403) → INVALID_CONFIG saying the account has no Exchange
 *   Online mailbox (no licence, a guest, or on-premises);
 * - 429, 503 and 504 → RATE_LIMITED with ProviderHttp's `retryAfterMs` (Graph and SharePoint throttle
 *   with 429 or 503 and a `Retry-After`: https://learn.microsoft.com/en-us/graph/throttling,
 *   https://learn.microsoft.com/en-us/sharepoint/dev/general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online);
 * - 410, and any other 4xx with a resync code → CURSOR_INVALID: the runner starts the resource over
 *   with a full pass (https://learn.microsoft.com/en-us/graph/delta-query-overview "Synchronization
 *   reset": 410 Gone; an expired Outlook token is "a 40X-series error with error codes such as
 *   syncStateNotFound"). A 410 without a code is one too: Graph answers 410 only for sync state;
 * - 402 → INVALID_CONFIG (a metered API whose payment requirements are not met);
 * - 403 → INSUFFICIENT_SCOPE; 404 → NOT_FOUND; 400 → INVALID_CONFIG;
 * - other 5xx and transport failures → TEMPORARY; anything else → UNKNOWN.
 * Messages say what to do, and never carry a token, a body or a delta token from a path.
 */
export function toMicrosoftIntegrationError(error: unknown, provider: string): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof ProviderApiError) {
    const { status, code, retryAfterMs } = error;
    const why = code ? ` (${code})` : '';
    const codes = (code ?? '').toLowerCase().split(':');
    const has = (set: ReadonlySet<string>) => codes.some((c) => set.has(c));
    if (status === 401) {
      return new IntegrationError(
        'AUTH_REVOKED',
        `${provider} refused the access token${why}: it expired or was revoked; reconnect ${provider}`,
        { status },
      );
    }
    if (codes.includes(NO_MAILBOX_CODE)) {
      return new IntegrationError(
        'INVALID_CONFIG',
        `This Microsoft account has no Exchange Online mailbox${why}: it has no Exchange Online licence, is a guest in the organization, or its mailbox is on-premises. Connect an account with an Exchange Online mailbox, or ask an administrator to assign it a licence`,
        { status },
      );
    }
    if (status === 429 || status === 503 || status === 504) {
      return new IntegrationError(
        'RATE_LIMITED',
        `${provider} is throttling the hub (${status})${why}: the sync waits`,
        {
          status,
          retryAfterMs,
        },
      );
    }
    if (status === 410 || (status >= 400 && status < 500 && has(RESYNC_CODES))) {
      return new IntegrationError(
        'CURSOR_INVALID',
        `${provider} no longer knows the saved sync state (${status})${why}: a full sync follows`,
        { status },
      );
    }
    if (status === 402) {
      return new IntegrationError(
        'INVALID_CONFIG',
        `${provider} refused a metered API call (402)${why}: its payment requirements are not met; link an Azure subscription to the hub's app registration (https://learn.microsoft.com/en-us/graph/metered-api-setup)`,
        { status },
      );
    }
    if (status === 403) {
      const message = has(ACCESS_DENIED_CODES)
        ? `${provider} denied access${why}: a permission is missing. Reconnect ${provider} and accept every permission it asks for; where the organization does not let people consent, an administrator must grant them`
        : `${provider} denied access${why}: the account may lack a permission or a licence for it`;
      return new IntegrationError('INSUFFICIENT_SCOPE', message, { status });
    }
    if (status === 404) {
      return new IntegrationError('NOT_FOUND', `${provider} found nothing at ${displayPath(error.path)}${why}`, {
        status,
      });
    }
    if (status >= 500) {
      return new IntegrationError('TEMPORARY', `${provider} is unavailable (${status})${why}`, { status });
    }
    if (status === 400) {
      return new IntegrationError('INVALID_CONFIG', `${provider} rejected the request (400)${why}`, { status });
    }
    return new IntegrationError('UNKNOWN', `Unexpected answer from ${provider} (${status})${why}`, { status });
  }
  return (
    transportIntegrationError(error, provider) ??
    new IntegrationError('UNKNOWN', `Unexpected error while talking to ${provider}`)
  );
}

/** A path for a message: without the arguments of a function segment (`delta(token='…')` carries a delta token). */
function displayPath(path: string): string {
  const call = path.indexOf('(');
  return call === -1 ? path : `${path.slice(0, call)}(…)`;
}

// ---------------------------------------------------------------------------------------------
// Paging: @odata.nextLink and @odata.deltaLink
// ---------------------------------------------------------------------------------------------

/** Graph's links are URLs of printable ASCII (tokens percent-encoded); no spaces, backslashes or fragments. */
const LINK_CHARS = /^[\x21-\x22\x24-\x5b\x5d-\x7e]+$/;
/** Delta links of mail folders run to a few kilobytes; anything far longer is not Graph's. */
const MAX_LINK_LENGTH = 16_384;

/**
 * The path (and query) ProviderHttp takes for a link Graph handed out, undefined unless the link is
 * under `apiBaseUrl` — the manifest's `https://graph.microsoft.com/v1.0`, or the override the provider
 * was built with (the sandbox, a test's fixture server) — on the same origin, still under the base
 * path once dot segments are resolved (`/v1.0/../beta`, `%2e%2e`). Otherwise opaque: the token in it
 * is never read.
 */
function linkPath(link: string, apiBaseUrl: string): string | undefined {
  const base = apiBaseUrl.replace(/\/+$/, '');
  if (link.length > MAX_LINK_LENGTH || !LINK_CHARS.test(link) || !link.startsWith(`${base}/`)) return undefined;
  let url: URL;
  let root: URL;
  try {
    url = new URL(link);
    root = new URL(`${base}/`);
  } catch {
    return undefined;
  }
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return undefined;
  return link.slice(base.length);
}

/**
 * Whether `link` is a Graph link the provider built on `apiBaseUrl` may follow (see `graphLinkPath`),
 * for `decodeCursor` checks of a saved link.
 */
export function isGraphLink(link: unknown, apiBaseUrl: string): link is string {
  return typeof link === 'string' && linkPath(link, apiBaseUrl) !== undefined;
}

/**
 * The path ProviderHttp takes for an `@odata.nextLink` / `@odata.deltaLink`. They are absolute URLs
 * that encode the original query (https://learn.microsoft.com/en-us/graph/delta-query-overview: do not
 * repeat the parameters, treat the links as opaque), so the hub follows them as they are, but only
 * under its own API base URL: a hostile or garbled link (garbled ones have been seen:
 * https://github.com/OneDrive/onedrive-api-docs/issues/1424) never makes the hub call another host,
 * and the bearer token never goes anywhere else. Refused: UNKNOWN (retried later), naming the base only.
 */
export function graphLinkPath(link: unknown, apiBaseUrl: string, provider: string): string {
  const path = typeof link === 'string' ? linkPath(link, apiBaseUrl) : undefined;
  if (path === undefined) {
    throw new IntegrationError(
      'UNKNOWN',
      `${provider} answered with a paging link outside ${apiBaseUrl.replace(/\/+$/, '')}: refused (the access token goes nowhere else)`,
    );
  }
  return path;
}

/** One page of a Graph collection: its items, and where the next page or the next round of changes is. */
export interface GraphPage<T> {
  readonly value: readonly T[];
  /** `@odata.nextLink`: more of this round (also after an empty page). */
  readonly nextLink?: string;
  /** `@odata.deltaLink`: the round is over; where the next one starts. */
  readonly deltaLink?: string;
}

/**
 * A Graph collection answer `{"value":[…], "@odata.nextLink"|"@odata.deltaLink": url}`, its links
 * checked by `graphLinkPath`. UNKNOWN for an answer without a `value` list, or a link that is not a
 * string or not under `apiBaseUrl`. Whether a missing link is an error is the caller's to say.
 */
export function graphPage<T>(body: unknown, apiBaseUrl: string, provider: string): GraphPage<T> {
  const page = objectOf(body);
  const value = page?.['value'];
  if (!Array.isArray(value)) {
    throw new IntegrationError('UNKNOWN', `${provider} answered a list request without a value list`);
  }
  const link = (name: '@odata.nextLink' | '@odata.deltaLink'): string | undefined => {
    const given = page?.[name];
    if (given === undefined || given === null) return undefined;
    graphLinkPath(given, apiBaseUrl, provider);
    return given as string;
  };
  const nextLink = link('@odata.nextLink');
  const deltaLink = link('@odata.deltaLink');
  return {
    value: value as T[],
    ...(nextLink !== undefined ? { nextLink } : {}),
    ...(deltaLink !== undefined ? { deltaLink } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Identity: the ID token's tid and oid
// ---------------------------------------------------------------------------------------------

/**
 * The tenant of personal Microsoft accounts (`consumers`): an ID token's `tid` for Outlook.com,
 * Hotmail and personal OneDrive (https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference).
 */
export const MICROSOFT_CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `name` and `preferred_username` are for display; longer ones are not kept. */
const MAX_CLAIM_LENGTH = 256;

/** True for the personal-accounts tenant: `/organization`, Teams and chats are not supported for them. */
export function isPersonalMicrosoftAccount(tenantId: string): boolean {
  return tenantId.toLowerCase() === MICROSOFT_CONSUMERS_TENANT_ID;
}

/** Who connected, from the ID token. */
export interface MicrosoftIdentity {
  /** `tid`, lower case. */
  readonly tenantId: string;
  /** `oid`, lower case: the user's object id in that tenant (a guest has another one per tenant). */
  readonly objectId: string;
  /** `${tenantId}:${objectId}`: the connection's `externalAccountId` (see `microsoftAccountKey`). */
  readonly accountKey: string;
  /** A personal Microsoft account (`tid` is the consumers tenant). */
  readonly personal: boolean;
  /** `name`, for display only. */
  readonly name?: string;
  /** `preferred_username` (usually the sign-in address), for display only: mutable, never a key. */
  readonly username?: string;
}

/**
 * The account key of a Microsoft user: `<tid>:<oid>`, lower case. `oid` alone is not unique across
 * tenants (a guest has one per tenant) and `sub` is pairwise per app; Microsoft recommends keying
 * data on `tid` and `oid` (https://learn.microsoft.com/en-us/entra/identity-platform/claims-validation).
 */
export function microsoftAccountKey(tenantId: string, objectId: string): string {
  return `${tenantId.toLowerCase()}:${objectId.toLowerCase()}`;
}

/**
 * The claims of the ID token the connection came with (`credentials.idToken`, a JWS:
 * header.payload.signature). Only decoded: the OAuth engine verified its signature, audience, lifetime
 * and issuer (against the `tid` it names) before any provider sees it (manifest `auth.idToken`).
 * Refused, INVALID_CONFIG (the `openid` and `profile` scopes bring the token and its `oid`), without
 * a token or without GUID `tid` and `oid`. Never echoes the token.
 */
export function microsoftIdentity(idToken: unknown, provider = 'Microsoft'): MicrosoftIdentity {
  if (typeof idToken !== 'string' || idToken === '') {
    throw new IntegrationError(
      'INVALID_CONFIG',
      `Microsoft sent no ID token with this connection: reconnect ${provider} (the hub's Microsoft sign-in must ask for the openid and profile scopes)`,
    );
  }
  const parts = idToken.split('.');
  let claims: Record<string, unknown> | undefined;
  if (parts.length === 3 && /^[A-Za-z0-9_-]+$/.test(parts[1])) {
    try {
      claims = objectOf(JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')));
    } catch {
      claims = undefined;
    }
  }
  const tid = claims?.['tid'];
  const oid = claims?.['oid'];
  if (typeof tid !== 'string' || !GUID.test(tid) || typeof oid !== 'string' || !GUID.test(oid)) {
    throw new IntegrationError(
      'INVALID_CONFIG',
      `The ID token Microsoft sent does not say which tenant and user connected (tid and oid): reconnect ${provider} (the hub's Microsoft sign-in must ask for the openid and profile scopes)`,
    );
  }
  const tenantId = tid.toLowerCase();
  const objectId = oid.toLowerCase();
  const name = displayClaim(claims?.['name']);
  const username = displayClaim(claims?.['preferred_username']);
  return {
    tenantId,
    objectId,
    accountKey: microsoftAccountKey(tenantId, objectId),
    personal: isPersonalMicrosoftAccount(tenantId),
    ...(name !== undefined ? { name } : {}),
    ...(username !== undefined ? { username } : {}),
  };
}

function displayClaim(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length <= MAX_CLAIM_LENGTH ? trimmed : undefined;
}

// ---------------------------------------------------------------------------------------------
// Prefer header values
// ---------------------------------------------------------------------------------------------

/**
 * Stable Outlook ids (messages, events): without it an id changes when the item moves to another
 * folder. Send it on every Outlook request, delta included
 * (https://learn.microsoft.com/en-us/graph/outlook-immutable-id). Outlook only: OneDrive ids are stable.
 */
export const GRAPH_PREFER_IMMUTABLE_ID = 'IdType="ImmutableId"';

/**
 * The page size of Outlook delta queries, where `$top` caps the whole result instead
 * (https://learn.microsoft.com/en-us/graph/delta-query-messages, `Prefer: odata.maxpagesize`).
 * Throws RangeError unless `size` is a whole number from 1 to 1000.
 */
export function graphPreferMaxPageSize(size: number): string {
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new RangeError('odata.maxpagesize takes a whole number from 1 to 1000');
  }
  return `odata.maxpagesize=${size}`;
}

/** One `Prefer` header of several preferences, comma-separated (RFC 7240 §2). */
export function graphPreferHeader(...preferences: readonly string[]): { readonly prefer: string } {
  return { prefer: preferences.join(', ') };
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
