import { googleApiErrorCode, toGoogleIntegrationError } from './google-api';
import { ProviderApiError } from './provider-http';

/**
 * Google's error answers as the APIs send them (https://cloud.google.com/apis/design/errors): the
 * legacy `errors[]` of Drive, Gmail and Calendar, and the newer `status` / `details[]` form, the only
 * one the Analytics Admin and Data APIs use.
 */
const SERVICE_DISABLED_DETAILS = (service: string) => [
  {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason: 'SERVICE_DISABLED',
    domain: 'googleapis.com',
    metadata: { service, consumer: 'projects/1234987819200' },
  },
  {
    '@type': 'type.googleapis.com/google.rpc.Help',
    links: [
      {
        description: 'Google developers console API activation',
        url: `https://console.developers.google.com/apis/api/${service}/overview?project=1234987819200`,
      },
    ],
  },
];

/** The failure ProviderHttp makes of an answer: status, path and the code `googleApiErrorCode` keeps. */
const failure = (status: number, body: unknown, retryAfterMs?: number) =>
  new ProviderApiError('Google Drive', status, '/files', googleApiErrorCode(body) as string | undefined, retryAfterMs);

describe('googleApiErrorCode', () => {
  it('should keep the legacy reason, else ErrorInfo’s reason, else the status', () => {
    expect(
      googleApiErrorCode({
        error: { code: 403, errors: [{ domain: 'usageLimits', reason: 'userRateLimitExceeded' }] },
      }),
    ).toBe('userRateLimitExceeded');
    expect(
      googleApiErrorCode({
        error: {
          code: 403,
          status: 'PERMISSION_DENIED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }],
        },
      }),
    ).toBe('ACCESS_TOKEN_SCOPE_INSUFFICIENT');
    expect(googleApiErrorCode({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } })).toBe('RESOURCE_EXHAUSTED');
    expect(googleApiErrorCode({ message: 'not Google' })).toBeUndefined();
  });

  it('should name the disabled service, in the newer form and beside the legacy accessNotConfigured', () => {
    expect(
      googleApiErrorCode({
        error: {
          code: 403,
          status: 'PERMISSION_DENIED',
          details: SERVICE_DISABLED_DETAILS('analyticsdata.googleapis.com'),
        },
      }),
    ).toBe('SERVICE_DISABLED:analyticsdata.googleapis.com');
    expect(
      googleApiErrorCode({
        error: {
          code: 403,
          errors: [{ domain: 'usageLimits', reason: 'accessNotConfigured' }],
          status: 'PERMISSION_DENIED',
          details: SERVICE_DISABLED_DETAILS('drive.googleapis.com'),
        },
      }),
    ).toBe('SERVICE_DISABLED:drive.googleapis.com');
  });

  it('should not keep a service name that is not a googleapis.com host', () => {
    expect(
      googleApiErrorCode({
        error: { code: 403, status: 'PERMISSION_DENIED', details: SERVICE_DISABLED_DETAILS('evil.example/<script>') },
      }),
    ).toBe('SERVICE_DISABLED');
  });
});

describe('toGoogleIntegrationError', () => {
  it.each(['userRateLimitExceeded', 'rateLimitExceeded', 'quotaExceeded'])(
    'should back off (RATE_LIMITED, retryable) on a 403 %s',
    (reason) => {
      const error = toGoogleIntegrationError(
        failure(403, { error: { code: 403, errors: [{ domain: 'usageLimits', reason }] } }),
        'Google Drive',
      );
      expect({ code: error.code, retryable: error.retryable }).toEqual({ code: 'RATE_LIMITED', retryable: true });
    },
  );

  it('should back off on the newer 429 RESOURCE_EXHAUSTED and keep the Retry-After hint', () => {
    const error = toGoogleIntegrationError(
      failure(429, { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } }, 30_000),
      'Google Analytics',
    );
    expect({ code: error.code, retryAfterMs: error.options.retryAfterMs }).toEqual({
      code: 'RATE_LIMITED',
      retryAfterMs: 30_000,
    });
  });

  it('should fail with INVALID_CONFIG naming the API to enable on SERVICE_DISABLED', () => {
    const error = toGoogleIntegrationError(
      failure(403, {
        error: {
          code: 403,
          status: 'PERMISSION_DENIED',
          details: SERVICE_DISABLED_DETAILS('analyticsadmin.googleapis.com'),
        },
      }),
      'Google Analytics',
    );
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^Enable the analyticsadmin\.googleapis\.com API in the Google Cloud project/);
  });

  it('should fail with INVALID_CONFIG naming the provider’s API on a legacy accessNotConfigured alone', () => {
    const error = toGoogleIntegrationError(
      failure(403, { error: { code: 403, errors: [{ domain: 'usageLimits', reason: 'accessNotConfigured' }] } }),
      'Gmail',
    );
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toMatch(/^Enable the Gmail API in the Google Cloud project/);
  });

  it('should map the newer error form by status and ErrorInfo reason (401, 403 scope, 404, 503)', () => {
    const newer = (code: number, status: string, reason?: string) =>
      toGoogleIntegrationError(
        failure(code, {
          error: {
            code,
            message: 'm',
            status,
            ...(reason ? { details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason }] } : {}),
          },
        }),
        'Google Analytics',
      ).code;
    expect([
      newer(401, 'UNAUTHENTICATED', 'ACCESS_TOKEN_EXPIRED'),
      newer(403, 'PERMISSION_DENIED', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT'),
      newer(403, 'PERMISSION_DENIED'),
      newer(404, 'NOT_FOUND'),
      newer(400, 'INVALID_ARGUMENT'),
      newer(503, 'UNAVAILABLE'),
    ]).toEqual([
      'AUTH_REVOKED',
      'INSUFFICIENT_SCOPE',
      'INSUFFICIENT_SCOPE',
      'NOT_FOUND',
      'INVALID_CONFIG',
      'TEMPORARY',
    ]);
  });
});
