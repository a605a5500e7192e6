import { opaqueTokens } from '../../lib/page-token';
import { GraphError } from './graph-errors';

/**
 * Paging and delta links as Graph writes them (https://learn.microsoft.com/en-us/graph/paging,
 * https://learn.microsoft.com/en-us/graph/delta-query-overview): `@odata.nextLink` until the last page,
 * which carries `@odata.deltaLink` instead; both absolute URLs that hold the whole query, their state in
 * an opaque token (`$skiptoken`/`$deltatoken`, or OneDrive's `token`) that clients must not parse. Here
 * the URLs are under the emulation's API base (`GrantContext.apiBaseUrl`, which stands for
 * `https://graph.microsoft.com/v1.0`).
 */

/**
 * `<apiBaseUrl><path>?<params>`: parameter names verbatim (Graph writes `$skiptoken=`, not `%24skiptoken=`),
 * values percent-encoded.
 */
export function graphLink(apiBaseUrl: string, path: string, params: Readonly<Record<string, string>> = {}): string {
  const query = Object.entries(params)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return `${apiBaseUrl}${path}${query ? `?${query}` : ''}`;
}

/** Typed state in an opaque token: JSON in base64url (Graph's tokens are base64 too, and as opaque). */
export interface GraphTokens<T> {
  encode(state: T): string;
  /** The state of a token `encode` gave and `check` accepts; undefined for anything else. */
  decode(token: string | null | undefined): T | undefined;
}

export function graphTokens<T>(check: (value: unknown) => value is T): GraphTokens<T> {
  const tokens = opaqueTokens({ text: /^\{.*\}$/ });
  return {
    encode: (state) => tokens.encode(JSON.stringify(state)),
    decode: (token) => {
      const text = tokens.decode(token);
      if (text === undefined) return undefined;
      try {
        const value: unknown = JSON.parse(text);
        return check(value) ? value : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** How a removed item is listed by directory, Outlook and Teams delta queries (delta-query-overview). */
export function removedEntry(
  id: string,
  reason: 'changed' | 'deleted',
): { id: string; '@removed': { reason: string } } {
  return { id, '@removed': { reason } };
}

/**
 * The "synchronization reset" of a delta query: 410 Gone, the `Location` header holding a new link that
 * starts the enumeration over (delta-query-overview; OneDrive:
 * https://learn.microsoft.com/en-us/graph/api/driveitem-delta). `code` and `innerCode` are the
 * workload's: OneDrive's `resyncRequired` with `resyncChangesApplyDifferences` or
 * `resyncChangesUploadDifferences`, Outlook's `SyncStateNotFound`.
 */
export function syncReset(answer: { location: string; code: string; message: string; innerCode?: string }): GraphError {
  return new GraphError({
    status: 410,
    code: answer.code,
    message: answer.message,
    ...(answer.innerCode ? { innerCode: answer.innerCode } : {}),
    headers: { Location: answer.location },
  });
}
