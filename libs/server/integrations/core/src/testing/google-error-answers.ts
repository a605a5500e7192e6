import type { FixtureResponse } from './fixture-server';
import { drainSync, type ProviderErrorForm } from './provider-conformance';

/**
 * Google's documented error answers every Google provider meets (https://cloud.google.com/apis/design/errors,
 * each API's "Resolve errors" page), for their conformance specs' `providerSpecific` forms.
 */
export const googleErrorAnswers = {
  /** 403 in the `usageLimits` domain: slow down (Drive, Gmail, Calendar). No Retry-After. */
  rateLimit: (reason: 'userRateLimitExceeded' | 'rateLimitExceeded'): FixtureResponse => ({
    status: 403,
    body: {
      error: {
        code: 403,
        message: reason === 'userRateLimitExceeded' ? 'User Rate Limit Exceeded' : 'Rate Limit Exceeded',
        errors: [{ message: 'Rate Limit Exceeded', domain: 'usageLimits', reason }],
      },
    },
  }),
  /** 403 PERMISSION_DENIED: the API is not enabled in the OAuth client's Cloud project. */
  serviceDisabled: (service: string, title: string): FixtureResponse => ({
    status: 403,
    body: {
      error: {
        code: 403,
        message: `${title} has not been used in project 1234987819200 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/${service}/overview?project=1234987819200 then retry.`,
        errors: [{ message: 'Access Not Configured.', domain: 'usageLimits', reason: 'accessNotConfigured' }],
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'SERVICE_DISABLED',
            domain: 'googleapis.com',
            metadata: { service, consumer: 'projects/1234987819200' },
          },
        ],
      },
    },
  }),
};

/**
 * The error forms every Google provider that syncs `resource` documents (its conformance spec's
 * `providerSpecific`): both 403 rate limits back off, a disabled API names itself.
 */
export function googleErrorForms(resource: string, service: string, title: string): ProviderErrorForm[] {
  const call: ProviderErrorForm['call'] = (provider, credentials) => drainSync(provider, credentials, resource);
  return [
    {
      what: '403 userRateLimitExceeded',
      answer: googleErrorAnswers.rateLimit('userRateLimitExceeded'),
      code: 'RATE_LIMITED',
      call,
    },
    {
      what: '403 rateLimitExceeded',
      answer: googleErrorAnswers.rateLimit('rateLimitExceeded'),
      code: 'RATE_LIMITED',
      call,
    },
    {
      what: '403 SERVICE_DISABLED (the API is not enabled in the Cloud project)',
      answer: googleErrorAnswers.serviceDisabled(service, title),
      code: 'INVALID_CONFIG',
      messageIncludes: service,
      call,
    },
  ];
}
