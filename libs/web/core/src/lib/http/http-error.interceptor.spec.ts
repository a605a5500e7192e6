import { HttpClient, HttpContext, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { Notifier } from '../notifier/notifier';
import { SessionStore } from '../session/session.store';
import { HANDLED_ERRORS } from './handled-errors';
import { SESSION_ENDED_MESSAGE, httpErrorInterceptor } from './http-error.interceptor';

@Component({ template: '' })
class BlankPageComponent {}

describe('httpErrorInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let router: Router;
  let notifier: { success: jest.Mock; error: jest.Mock; info: jest.Mock };

  const problem = (status: number, detail: string) => ({
    type: 'about:blank',
    title: 'Problem',
    status,
    detail,
  });

  /** Sends a GET and answers it with `status`; resolves once the caller saw the error. */
  async function failingGet(url: string, status: number, body: object | null, context?: HttpContext): Promise<void> {
    const result = firstValueFrom(http.get(url, { context })).catch(() => undefined);
    backend.expectOne(url).flush(body, { status, statusText: 'Error' });
    await result;
  }

  beforeEach(async () => {
    notifier = { success: jest.fn(), error: jest.fn(), info: jest.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([httpErrorInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: BlankPageComponent },
          { path: '**', component: BlankPageComponent },
        ]),
        { provide: Notifier, useValue: notifier },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    await router.navigateByUrl('/settings/integrations?tab=all');
  });

  afterEach(() => backend.verify());

  it('should show the problem detail of a failed request in one error snackbar', async () => {
    await failingGet('/api/connections', 409, problem(409, 'A sync is already running.'));

    expect(notifier.error).toHaveBeenCalledTimes(1);
    expect(notifier.error).toHaveBeenCalledWith('A sync is already running.');
  });

  it('should stay quiet for requests that handle their own errors', async () => {
    await failingGet(
      '/api/integrations/postgresql/credentials/test',
      422,
      problem(422, 'Connection refused'),
      new HttpContext().set(HANDLED_ERRORS, true),
    );

    expect(notifier.error).not.toHaveBeenCalled();
  });

  it('should still pass the error on to the caller', async () => {
    const result = firstValueFrom(http.get('/api/x')).then(
      () => 'ok',
      (error: { status: number }) => error.status,
    );
    backend.expectOne('/api/x').flush(problem(500, 'Boom'), {
      status: 500,
      statusText: 'Error',
    });
    expect(await result).toBe(500);
  });

  it('should send the person to sign in with the current URL as returnTo when the session ended (401)', async () => {
    const session = TestBed.inject(SessionStore);
    const clear = jest.spyOn(session, 'clear');

    await failingGet('/api/connections', 401, problem(401, 'Not signed in.'));
    await TestBed.inject(Router).navigated;
    await new Promise((resolve) => setTimeout(resolve));

    expect(router.url).toBe('/sign-in?returnTo=%2Fsettings%2Fintegrations%3Ftab%3Dall');
    expect(notifier.info).toHaveBeenCalledWith(SESSION_ENDED_MESSAGE);
    expect(notifier.error).not.toHaveBeenCalled();
    expect(clear).toHaveBeenCalled();
  });

  it('should not call it an ended session when a request in flight is turned away after signing out here', async () => {
    const session = TestBed.inject(SessionStore);
    const pending = firstValueFrom(http.get('/api/connections')).catch(() => undefined);
    const signingOut = session.signOut();
    backend.expectOne('/api/auth/sign-out').flush(null, { status: 204, statusText: 'No Content' });
    await signingOut;

    backend.expectOne('/api/connections').flush(problem(401, 'Not signed in.'), { status: 401, statusText: 'Error' });
    await pending;

    expect(router.url).toBe('/settings/integrations?tab=all');
    expect(notifier.info).not.toHaveBeenCalled();
  });

  it('should end the session on a 401 even when the request handles its own errors', async () => {
    await failingGet('/api/connections/1', 401, null, new HttpContext().set(HANDLED_ERRORS, true));
    await new Promise((resolve) => setTimeout(resolve));

    expect(router.url).toMatch(/^\/sign-in\?returnTo=/);
  });

  it('should announce an ended session once when several requests fail together', async () => {
    const first = firstValueFrom(http.get('/api/a')).catch(() => undefined);
    const second = firstValueFrom(http.get('/api/b')).catch(() => undefined);
    backend.expectOne('/api/a').flush(null, { status: 401, statusText: 'Unauthorized' });
    await first;
    await new Promise((resolve) => setTimeout(resolve));
    backend.expectOne('/api/b').flush(null, { status: 401, statusText: 'Unauthorized' });
    await second;

    expect(notifier.info).toHaveBeenCalledTimes(1);
  });

  it('should treat a 401 from sign-in as wrong credentials, not as an ended session', async () => {
    const result = firstValueFrom(
      http.post('/api/auth/sign-in', {}, { context: new HttpContext().set(HANDLED_ERRORS, true) }),
    ).catch(() => undefined);
    backend
      .expectOne('/api/auth/sign-in')
      .flush(problem(401, 'Wrong email or password.'), { status: 401, statusText: 'Unauthorized' });
    await result;

    expect(router.url).toBe('/settings/integrations?tab=all');
    expect(notifier.info).not.toHaveBeenCalled();
  });

  it('should explain a network failure', async () => {
    const result = firstValueFrom(http.get('/api/x')).catch(() => undefined);
    backend.expectOne('/api/x').error(new ProgressEvent('error'));
    await result;

    expect(notifier.error).toHaveBeenCalledWith(expect.stringMatching(/could not be reached/));
  });
});
