import { provideHttpClient, withFetch, withInterceptors, withXsrfConfiguration } from '@angular/common/http';
import { EnvironmentProviders } from '@angular/core';
import { httpErrorInterceptor } from './http-error.interceptor';

/**
 * HttpClient as the api expects it: cookie sessions, the XSRF-TOKEN cookie echoed as
 * X-XSRF-TOKEN on changes (Angular's defaults, spelled out), and the one global error handler.
 */
export function provideHubHttp(): EnvironmentProviders {
  return provideHttpClient(
    withFetch(),
    withXsrfConfiguration({
      cookieName: 'XSRF-TOKEN',
      headerName: 'X-XSRF-TOKEN',
    }),
    withInterceptors([httpErrorInterceptor]),
  );
}
