import { createHash } from 'node:crypto';
import { IntegrationError, type ProviderHttp } from '@hub/server/integrations/core';
import { SlackApiError } from './slack-errors';
import { MethodPacer } from './slack-pacer';

/** Every Web API answer: `ok`, and on failure Slack's `error` string (https://docs.slack.dev/apis/web-api/#responses). */
export interface SlackAnswer {
  readonly ok: true;
  readonly warning?: string;
  readonly response_metadata?: { readonly next_cursor?: string | null; readonly warnings?: readonly string[] };
}

/** Slack's `error` from an error body: 429s and 5xx answered by Slack itself carry the same `{ ok: false, error }`. */
export const slackErrorCode = (body: unknown): unknown => (body as { error?: unknown } | null)?.error;

const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const SCOPES = /^[a-z][a-z0-9_.:-]*(,[a-z][a-z0-9_.:-]*)*$/;

/**
 * The Slack Web API as the provider calls it: `GET https://slack.com/api/<method>?<arguments>` with
 * the token in `Authorization: Bearer` (never in the query), through the hub's ProviderHttp (timeout,
 * the caller's signal, no redirects, non-2xx → ProviderApiError with Slack's `error` and
 * `Retry-After`). Methods that change something and take no argument but the token (auth.revoke) are
 * POSTed with an empty form-encoded body instead (`post`): Slack takes every method's arguments as
 * query parameters or as an `application/x-www-form-urlencoded` POST body
 * (https://docs.slack.dev/apis/web-api/). On top of it, the Slack quirk: errors mostly come
 * with HTTP 200 and `"ok": false`, so every answer's `ok` is checked and a false one throws
 * SlackApiError (status 200, code = Slack's `error`). Calls are paced per method (MethodPacer).
 */
export class SlackApi {
  private readonly pacer: MethodPacer;

  /**
   * `http` is the provider's client with `slackErrorCode`; `methodIntervalsMs` the minimum
   * milliseconds between two calls of one method for one token (see MethodPacer).
   */
  constructor(
    private readonly http: ProviderHttp,
    methodIntervalsMs: Readonly<Record<string, number>>,
  ) {
    this.pacer = new MethodPacer(methodIntervalsMs);
  }

  /** Calls `method` with `args` (undefined ones left out) and answers its body once `ok` is true. */
  async call<T extends SlackAnswer>(
    method: string,
    args: Readonly<Record<string, string | number | boolean | undefined>>,
    token: string,
    signal?: AbortSignal,
  ): Promise<T> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(args)) if (value !== undefined) query.set(name, String(value));
    const search = query.toString();
    return this.send<T>('GET', method, search ? `?${search}` : '', token, signal);
  }

  /**
   * Calls `method`, which takes no argument but the token, with POST and an empty form-encoded body,
   * and answers its body once `ok` is true.
   */
  async post<T extends SlackAnswer>(method: string, token: string, signal?: AbortSignal): Promise<T> {
    return this.send<T>('POST', method, '', token, signal);
  }

  private async send<T extends SlackAnswer>(
    httpMethod: 'GET' | 'POST',
    method: string,
    search: string,
    token: string,
    signal?: AbortSignal,
  ): Promise<T> {
    signal?.throwIfAborted();
    await this.pacer.wait(method, fingerprint(token), signal);
    const path = `/${method}`;
    const { body } = await this.http.request<unknown>(httpMethod, `${path}${search}`, {
      token,
      signal,
      ...(httpMethod === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new IntegrationError('UNKNOWN', `Slack answered ${path} with something other than a JSON object`);
    }
    const answer = body as Record<string, unknown>;
    if (answer['ok'] !== true) {
      const code =
        typeof answer['error'] === 'string' && ERROR_CODE.test(answer['error']) ? answer['error'] : undefined;
      const needed =
        typeof answer['needed'] === 'string' && SCOPES.test(answer['needed']) ? answer['needed'] : undefined;
      throw new SlackApiError(path, code, needed);
    }
    return answer as unknown as T;
  }
}

/** A short hash naming a token for pacing, so the token itself is never kept. */
function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 22);
}
