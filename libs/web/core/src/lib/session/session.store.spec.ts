import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SessionResponse } from './session.models';
import { SessionStore } from './session.store';

const demoSession: SessionResponse = {
  user: { id: 'u1', email: 'demo@example.com', name: 'Demo', isInstanceAdmin: false },
  workspace: { id: 'w1', name: 'Demo workspace', role: 'owner' },
  workspaces: [
    { id: 'w1', name: 'Demo workspace', role: 'owner' },
    { id: 'w2', name: 'Other', role: 'member' },
  ],
};

describe('SessionStore', () => {
  let store: SessionStore;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(SessionStore);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('should load the person, workspace and role once', async () => {
    const first = store.ensureLoaded();
    const second = store.ensureLoaded();
    backend.expectOne('/api/auth/session').flush(demoSession);

    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(store.person()?.email).toBe('demo@example.com');
    expect(store.workspace()?.name).toBe('Demo workspace');
    expect(store.role()).toBe('owner');
    expect(await store.ensureLoaded()).toBe(true);
  });

  it('should report nobody signed in on a 401', async () => {
    const loaded = store.ensureLoaded();
    backend.expectOne('/api/auth/session').flush(null, { status: 401, statusText: 'Unauthorized' });

    expect(await loaded).toBe(false);
    expect(store.signedIn()).toBe(false);
  });

  it('should switch the workspace and take the new role from the answer', async () => {
    const switching = store.switchWorkspace('w2');
    const request = backend.expectOne('/api/auth/session/workspace');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ workspaceId: 'w2' });
    request.flush({ ...demoSession, workspace: demoSession.workspaces[1] });
    await switching;

    expect(store.workspace()?.id).toBe('w2');
    expect(store.role()).toBe('member');
  });

  it('should forget the session after signing out, even if the server already had', async () => {
    const signingIn = store.signIn('demo@example.com', 'pw');
    backend.expectOne('/api/auth/sign-in').flush(demoSession);
    await signingIn;
    expect(store.signedIn()).toBe(true);

    const signingOut = store.signOut().catch(() => undefined);
    backend.expectOne('/api/auth/sign-out').flush(null, { status: 401, statusText: 'Unauthorized' });
    await signingOut;

    expect(store.signedIn()).toBe(false);
  });
});
