import {
  HttpErrorResponse,
  HttpInterceptorFn,
  HttpResponse,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { of, throwError } from 'rxjs';
import { appRoutes } from './app.routes';
import { NotFoundComponent } from './not-found/not-found.component';
import { demoPerson, demoWorkspaces } from './testing/fake-session-store';

describe('appRoutes', () => {
  let harness: RouterTestingHarness;
  /** How the session probe the guards make is answered, and how many times it was asked. */
  let signedIn: boolean;
  let sessionProbes: number;

  /** Answers `GET /api/auth/session` in place (synchronously, so no test waits for a request to show up). */
  const fakeSession: HttpInterceptorFn = (request, next) => {
    if (request.url !== '/api/auth/session') {
      return next(request);
    }
    sessionProbes++;
    return signedIn
      ? of(
          new HttpResponse({
            status: 200,
            body: { user: demoPerson, workspace: demoWorkspaces[0], workspaces: demoWorkspaces },
          }),
        )
      : throwError(() => new HttpErrorResponse({ status: 401, statusText: 'Unauthorized', url: request.url }));
  };

  beforeEach(async () => {
    signedIn = true;
    sessionProbes = 0;
    TestBed.configureTestingModule({
      providers: [
        provideRouter(appRoutes),
        provideHttpClient(withInterceptors([fakeSession])),
        provideHttpClientTesting(),
      ],
    });
    harness = await RouterTestingHarness.create();
  });

  async function navigateSignedIn(url: string) {
    signedIn = true;
    return harness.navigateByUrl(url);
  }

  it('should send people who are not signed in to sign in, remembering where they were going', async () => {
    signedIn = false;
    await TestBed.inject(Router).navigateByUrl('/settings/integrations?tab=all');
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/sign-in?returnTo=%2Fsettings%2Fintegrations%3Ftab%3Dall');
    expect(sessionProbes).toBeGreaterThanOrEqual(1);
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toContain('Sign in');
    expect(TestBed.inject(Title).getTitle()).toBe('Sign in · Integrations Hub');
  });

  it("should redirect '' to /settings/integrations", async () => {
    await navigateSignedIn('');
    expect(TestBed.inject(Router).url).toBe('/settings/integrations');
  });

  it('should lazy-load the integrations page at /settings/integrations', async () => {
    await navigateSignedIn('/settings/integrations');
    const page = (harness.fixture.nativeElement as HTMLElement).querySelector('hub-integrations-page');
    expect(page?.querySelector('h1')?.textContent?.trim()).toBe('Integrations');
  });

  it('should set the page title to "Integrations · Integrations Hub"', async () => {
    await navigateSignedIn('/settings/integrations');
    expect(TestBed.inject(Title).getTitle()).toBe('Integrations · Integrations Hub');
  });

  it('should show the not-found page for unknown URLs', async () => {
    const page = await harness.navigateByUrl('/no/such/page', NotFoundComponent);
    expect(page).toBeInstanceOf(NotFoundComponent);
    expect(TestBed.inject(Title).getTitle()).toBe('Page not found · Integrations Hub');
  });
});
