import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Injector, runInInjectionContext } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Notifier } from '@hub/web/core';
import type { LiveEvent } from '@hub/shared/contracts';
import { aCatalog, aConnection, aRun } from '../testing/fixtures';
import { EVENT_SOURCE_FACTORY } from './live-events';
import { BROWSER_REDIRECT, IntegrationsStore } from './integrations.store';
import { FALLBACK_POLL_MS } from './live-updates';
import { isSyncing } from './models';

/** A stand-in for the browser's EventSource that the test drives. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, (message: { data: string }) => void>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (message: { data: string }) => void): void {
    this.listeners.set(type, listener);
  }
  close(): void {
    this.closed = true;
  }
  emit(event: LiveEvent): void {
    this.listeners.get(event.type)?.({ data: JSON.stringify(event) });
  }
  static latest(): FakeEventSource {
    return FakeEventSource.instances[FakeEventSource.instances.length - 1];
  }
}

describe('IntegrationsStore', () => {
  let store: IntegrationsStore;
  let http: HttpTestingController;
  let notifier: { success: jest.Mock; error: jest.Mock; info: jest.Mock };
  let redirect: jest.Mock;

  beforeEach(() => {
    FakeEventSource.instances = [];
    sessionStorage.clear();
    notifier = { success: jest.fn(), error: jest.fn(), info: jest.fn() };
    redirect = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        IntegrationsStore,
        { provide: Notifier, useValue: notifier },
        { provide: BROWSER_REDIRECT, useValue: redirect },
        { provide: EVENT_SOURCE_FACTORY, useValue: (url: string) => new FakeEventSource(url) },
      ],
    });
    store = TestBed.inject(IntegrationsStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    store.stopLive();
    http.verify();
    jest.useRealTimers();
  });

  async function loaded(catalog = aCatalog()): Promise<void> {
    const loading = store.load();
    expect(store.loading()).toBe(true);
    http.expectOne('/api/integrations').flush(catalog);
    await loading;
  }

  const dub = () => store.integration('dub')!;
  const dubConnection = () => dub().connections[0];

  it('should load the catalog by category, in its order', async () => {
    await loaded();
    expect(store.loading()).toBe(false);
    expect(store.categories().map((c) => c.name)).toEqual(['Google Workspace', 'Databases', 'Marketing']);
    expect(dubConnection().account.displayName).toBe('Acme Links');
  });

  it('should keep the reason when the catalog cannot be read', async () => {
    const loading = store.load();
    http
      .expectOne('/api/integrations')
      .flush(
        { title: 'Service Unavailable', detail: 'The database is unavailable.' },
        { status: 503, statusText: 'x' },
      );
    await loading;
    expect(store.loadError()).toBe('The database is unavailable.');
    expect(store.loaded()).toBe(false);
  });

  it('should derive syncing from the latest run being queued or running', () => {
    expect(isSyncing(aConnection({ lastSyncRun: aRun({ status: 'QUEUED' }) }))).toBe(true);
    expect(isSyncing(aConnection({ lastSyncRun: aRun({ status: 'RUNNING' }) }))).toBe(true);
    expect(isSyncing(aConnection({ lastSyncRun: aRun({ status: 'FAILED' }) }))).toBe(false);
    expect(isSyncing(aConnection({ lastSyncRun: null }))).toBe(false);
  });

  it('should follow the authorization URL to connect with OAuth, and remember the provider', async () => {
    await loaded();
    const connecting = store.connect(dub());
    expect(store.pendingFor('dub')).toBe('connect');
    const request = http.expectOne('/api/integrations/dub/connect');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ returnTo: '/settings/integrations' });
    request.flush({ authorizationUrl: 'http://127.0.0.1:3900/oauth/authorize?state=s' });
    await connecting;
    expect(redirect).toHaveBeenCalledWith('http://127.0.0.1:3900/oauth/authorize?state=s');
    expect(sessionStorage.getItem('hub.integrations.connecting')).toBe('dub');
  });

  it('should mark a connection busy while syncing starts, then show the queued run', async () => {
    await loaded();
    const syncing = store.syncNow(dubConnection());
    expect(store.pendingFor('conn-dub')).toBe('sync');
    http.expectOne('/api/connections/conn-dub/sync').flush(aRun({ id: 'run-2', status: 'QUEUED' }), {
      status: 202,
      statusText: 'Accepted',
    });
    expect(await syncing).toBe(true);
    expect(store.pendingFor('conn-dub')).toBeNull();
    expect(dubConnection().lastSyncRun?.id).toBe('run-2');
    expect(isSyncing(dubConnection())).toBe(true);
    expect(notifier.info).toHaveBeenCalledWith('Dub sync started');
  });

  it('should explain a failed action with a Retry', async () => {
    await loaded();
    const syncing = store.syncNow(dubConnection());
    http
      .expectOne('/api/connections/conn-dub/sync')
      .flush({ title: 'Conflict', detail: 'The connection is not active.' }, { status: 409, statusText: 'Conflict' });
    expect(await syncing).toBe(false);
    expect(notifier.error).toHaveBeenCalledWith('Dub could not start syncing: The connection is not active.', {
      label: 'Retry',
      run: expect.any(Function),
    });
  });

  it('should disconnect keeping the data, or purge it and drop the connection', async () => {
    await loaded();
    const keep = store.disconnect(dubConnection(), false);
    const request = http.expectOne('/api/connections/conn-dub');
    expect(request.request.method).toBe('DELETE');
    expect(request.request.params.has('purge')).toBe(false);
    request.flush(null, { status: 204, statusText: 'No Content' });
    await keep;
    expect(dubConnection().status).toBe('DISCONNECTED');
    expect(notifier.success).toHaveBeenCalledWith('Dub disconnected');

    const purge = store.disconnect(dubConnection(), true);
    const purged = http.expectOne((r) => r.url === '/api/connections/conn-dub' && r.params.get('purge') === 'true');
    purged.flush(null, { status: 204, statusText: 'No Content' });
    await purge;
    expect(dub().connections).toEqual([]);
    expect(notifier.success).toHaveBeenLastCalledWith('Dub disconnected and its synced data deleted');
  });

  it('should save settings and take the connection the api answers', async () => {
    await loaded();
    const saving = store.updateSettings(dubConnection(), { syncEnabled: false, syncFrequencyMinutes: 1440 });
    expect(store.pendingFor('conn-dub')).toBe('settings');
    const request = http.expectOne('/api/connections/conn-dub');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ syncEnabled: false, syncFrequencyMinutes: 1440 });
    request.flush(aConnection({ syncEnabled: false, syncFrequencyMinutes: 1440 }));
    await saving;
    expect(dubConnection().syncFrequencyMinutes).toBe(1440);
    expect(notifier.success).toHaveBeenCalledWith('Dub settings saved');
  });

  it('should read sync history and selection options', async () => {
    await loaded();
    const history = store.syncHistory('conn-dub');
    http.expectOne('/api/connections/conn-dub/sync-runs?limit=10').flush([aRun()]);
    expect(await history).toHaveLength(1);

    const options = store.selectionOptions('conn-pg', 'tables');
    http.expectOne('/api/connections/conn-pg/records?resource=tables&limit=1000').flush({
      records: [
        { resource: 'tables', externalId: 'public.orders', action: 'ADDED', data: {}, firstSeenAt: '', changedAt: '' },
        { resource: 'tables', externalId: 'public.old', action: 'DELETED', data: {}, firstSeenAt: '', changedAt: '' },
      ],
      nextCursor: 'c',
      hasMore: false,
    });
    expect((await options).map((r) => r.externalId)).toEqual(['public.orders']);
  });

  it('should apply live events: run progress, its end, and connection status', async () => {
    await loaded();
    store.startLive();
    const source = FakeEventSource.latest();
    expect(source.url).toBe('/api/events');
    source.onopen?.();
    expect(store.liveMode()).toBe('live');
    // What happened between reading the catalog and the stream opening is read once more.
    http.expectOne('/api/integrations').flush(aCatalog([aConnection({ lastSyncedAt: '2026-03-02T07:00:00.000Z' })]));
    // The catalog promise settles in microtasks; a macrotask runs after all of them.
    await new Promise((resolve) => setTimeout(resolve));
    expect(dubConnection().lastSyncedAt).toBe('2026-03-02T07:00:00.000Z');

    const run = {
      type: 'sync.run',
      connectionId: 'conn-dub',
      providerId: 'dub',
      runId: 'run-9',
      trigger: 'MANUAL',
    } as const;
    const counts = { added: 4, updated: 1, unchanged: 0, deleted: 0 };
    source.emit({ ...run, status: 'RUNNING', counts, pages: 1, resource: 'links', error: null });
    expect(isSyncing(dubConnection())).toBe(true);
    expect(dubConnection().lastSyncRun?.counts.added).toBe(4);

    source.emit({ ...run, status: 'SUCCEEDED', counts, pages: 2, resource: null, error: null });
    expect(isSyncing(dubConnection())).toBe(false);

    source.emit({
      type: 'connection.updated',
      connectionId: 'conn-dub',
      providerId: 'dub',
      status: 'ERROR',
      statusReason: 'NEEDS_REAUTH',
      statusMessage: 'Dub asked for the account to be connected again.',
      lastSyncedAt: '2026-03-02T08:00:00.000Z',
    });
    expect(dubConnection().status).toBe('ERROR');
    expect(dubConnection().lastSyncedAt).toBe('2026-03-02T08:00:00.000Z');
  });

  it('should read a connection it does not know yet when an event names it', async () => {
    await loaded(aCatalog([]));
    store.startLive();
    FakeEventSource.latest().emit({
      type: 'connection.updated',
      connectionId: 'conn-new',
      providerId: 'dub',
      status: 'ACTIVE',
      statusReason: null,
      statusMessage: null,
      lastSyncedAt: null,
    });
    http.expectOne('/api/connections/conn-new').flush(aConnection({ id: 'conn-new' }));
    await Promise.resolve();
    expect(dub().connections.map((c) => c.id)).toEqual(['conn-new']);
  });

  it('should poll every 30 s while the stream is down, and reconnect with backoff', async () => {
    await loaded();
    jest.useFakeTimers();
    store.startLive();
    const first = FakeEventSource.latest();
    first.onerror?.();
    expect(first.closed).toBe(true);
    expect(store.liveMode()).toBe('polling');

    jest.advanceTimersByTime(1_500);
    expect(FakeEventSource.instances).toHaveLength(2);

    jest.advanceTimersByTime(FALLBACK_POLL_MS - 1_500);
    http.expectOne('/api/integrations').flush(aCatalog());

    FakeEventSource.latest().onopen?.();
    expect(store.liveMode()).toBe('live');
    // Catching up on what was missed while down:
    http.expectOne('/api/integrations').flush(aCatalog());
    jest.advanceTimersByTime(FALLBACK_POLL_MS);
    http.expectNone('/api/integrations');
  });

  it('should close the stream when the page goes away', () => {
    const injector = TestBed.inject(Injector);
    runInInjectionContext(injector, () => store.startLive());
    const source = FakeEventSource.latest();
    TestBed.resetTestingModule();
    expect(source.closed).toBe(true);
  });

  it('should report the OAuth return in words, naming the provider', async () => {
    await loaded();
    sessionStorage.setItem('hub.integrations.connecting', 'dub');
    expect(store.reportOAuthReturn({ success: 'dub_connected' })).toBe(true);
    expect(notifier.success).toHaveBeenCalledWith('Dub connected');

    sessionStorage.setItem('hub.integrations.connecting', 'dub');
    store.reportOAuthReturn({ error: 'access_denied' });
    expect(notifier.error).toHaveBeenCalledWith('Dub connection was cancelled.', {
      label: 'Try again',
      run: expect.any(Function),
    });

    store.reportOAuthReturn({ error: 'something_new' });
    expect(notifier.error).toHaveBeenLastCalledWith('The integration could not be connected. Try again.', undefined);
    expect(store.reportOAuthReturn({})).toBe(false);
  });

  it('should announce "connected" only for what the server confirms: the provider this tab connected, active in the catalog', async () => {
    await loaded();
    // A link made up by someone else: no connect was started in this tab.
    expect(store.reportOAuthReturn({ success: 'dub_connected' })).toBe(true);
    // Another provider than the one being connected, and ids that are no provider at all.
    for (const success of ['postgresql_connected', 'anything_connected', '<script>_connected', 'dub']) {
      sessionStorage.setItem('hub.integrations.connecting', 'dub');
      expect(store.reportOAuthReturn({ success })).toBe(true);
    }
    expect(notifier.success).not.toHaveBeenCalled();
  });

  it('should not announce "connected" when the catalog shows no active connection of it', async () => {
    await loaded(aCatalog([aConnection({ status: 'DISCONNECTED' })]));
    sessionStorage.setItem('hub.integrations.connecting', 'dub');
    expect(store.reportOAuthReturn({ success: 'dub_connected' })).toBe(true);
    expect(notifier.success).not.toHaveBeenCalled();
  });

  it('should say in words that connecting needs the admin role when the callback answers not_permitted', async () => {
    await loaded();
    sessionStorage.setItem('hub.integrations.connecting', 'dub');
    store.reportOAuthReturn({ error: 'not_permitted' });
    expect(notifier.error).toHaveBeenLastCalledWith(
      'Dub was not connected: connecting needs the admin role in this workspace.',
      expect.anything(),
    );
  });
});
