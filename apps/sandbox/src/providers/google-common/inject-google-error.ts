import type { IntegrationError } from '@hub/server/integrations/core';
import type { RunningSandbox } from '../../start-sandbox';
import { GOOGLE_PROJECT_ERRORS, type GoogleProjectError } from './google-project-errors';

/** For int specs: the next `times` requests of the emulation (under `pathPrefix`) answer `error`. */
export async function injectGoogleError(
  sandbox: RunningSandbox,
  id: string,
  error: GoogleProjectError,
  options: { times?: number; pathPrefix?: string } = {},
): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/${id}/google-errors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error, ...options }),
  });
  if (response.status !== 200) throw new Error(`google-errors answered ${response.status}: ${await response.text()}`);
}

/** What the hub made of one project error: its code, and the API its message says to enable (if any). */
export interface ProjectErrorOutcome {
  readonly error: GoogleProjectError;
  readonly code: string;
  readonly retryable: boolean;
  readonly enable: string | null;
}

/** What the hub makes of each project error, the next request `call` makes answering it. */
export async function projectErrorOutcomes(
  sandbox: RunningSandbox,
  id: string,
  call: () => Promise<unknown>,
  toIntegrationError: (error: unknown) => IntegrationError,
  options: { pathPrefix?: string } = {},
): Promise<ProjectErrorOutcome[]> {
  const outcomes: ProjectErrorOutcome[] = [];
  for (const error of GOOGLE_PROJECT_ERRORS) {
    await injectGoogleError(sandbox, id, error, options);
    // A call that succeeds maps to UNKNOWN (undefined is no provider error), which the expectations refuse.
    const failure = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    const mapped = toIntegrationError(failure);
    const enable = /^Enable the (\S+) API/.exec(mapped.message)?.[1] ?? null;
    outcomes.push({ error, code: mapped.code, retryable: mapped.retryable, enable });
  }
  return outcomes;
}

/**
 * The outcomes `projectErrorOutcomes` should see for a Google API named `service`: the sync waits on
 * a rate limit, and a disabled API needs a person, told which API to enable.
 */
export function expectedProjectErrorOutcomes(service: string): ProjectErrorOutcome[] {
  return [
    { error: 'userRateLimitExceeded', code: 'RATE_LIMITED', retryable: true, enable: null },
    { error: 'rateLimitExceeded', code: 'RATE_LIMITED', retryable: true, enable: null },
    { error: 'SERVICE_DISABLED', code: 'INVALID_CONFIG', retryable: false, enable: service },
  ];
}
