import { DestroyRef, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { Notifier, problemOf } from '@hub/web/core';
import type { LiveEvent } from '@hub/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { IntegrationsApi } from './integrations-api';
import { EVENT_SOURCE_FACTORY, LiveEventsConnection } from './live-events';
import type {
  Connection,
  Credentials,
  CredentialsTestResult,
  Integration,
  IntegrationCategoryGroup,
  LiveMode,
  PendingAction,
  SyncRun,
  SyncedRecord,
  UpdateConnection,
} from './models';

/** Sends the browser to another site (the provider's consent page); tests replace it. */
export const BROWSER_REDIRECT = new InjectionToken<(url: string) => void>('BROWSER_REDIRECT', {
  providedIn: 'root',
  factory: () => (url) => window.location.assign(url),
});

/** Where the OAuth callback sends the browser back to. */
export const INTEGRATIONS_PATH = '/settings/integrations';
/** How often the page re-reads the catalog while the event stream is down. */
export const FALLBACK_POLL_MS = 30_000;
/**
 * The provider being connected, so that `?error=<code>` (which names no provider) can still say
 * "Dub connection was cancelled". Only a provider id: nothing secret is kept in browser storage.
 */
const CONNECTING_KEY = 'hub.integrations.connecting';

/** The OAuth callback's failure codes (libs/server/connections oauth-connect.service.ts) in words. */
const OAUTH_FAILURES: Record<string, (name: string) => string> = {
  access_denied: (name) => `${name} connection was cancelled.`,
  authorization_failed: (name) => `${name} did not authorize the connection. Try again.`,
  token_exchange_failed: (name) => `${name} sign-in could not be completed. Try again.`,
  account_lookup_failed: (name) => `${name} connected, but its account details could not be read. Try again.`,
  not_permitted: (name) => `${name} was not connected: connecting needs the admin role in this workspace.`,
};
const OAUTH_FAILURE_FALLBACK = (name: string) => `${name} could not be connected. Try again.`;

type LoadStatus = 'idle' | 'loading' | 'loaded' | 'error';
const TERMINAL_RUNS: ReadonlySet<SyncRun['status']> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * The integrations page's state: the catalog with this workspace's connections, what each card is
 * busy with, and live updates from the event stream. Provided by the page, so it lives and dies
 * with it (the stream and timers close on destroy). Every action's outcome goes through Notifier.
 */
@Injectable()
export class IntegrationsStore {
  private readonly api = inject(IntegrationsApi);
  private readonly notifier = inject(Notifier);
  private readonly openEventSource = inject(EVENT_SOURCE_FACTORY);
  private readonly redirect = inject(BROWSER_REDIRECT);

  private readonly categoriesState = signal<IntegrationCategoryGroup[]>([]);
  private readonly loadStatus = signal<LoadStatus>('idle');
  private readonly loadErrorState = signal<string | null>(null);
  private readonly pendingState = signal<ReadonlyMap<string, PendingAction>>(new Map());
  private readonly liveState = signal<LiveMode>('connecting');
  /** Runs started with "Sync now" here: their end is announced. */
  private readonly watchedRuns = new Set<string>();

  private live: LiveEventsConnection | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;

  /** Categories in the catalog's order, each with its integrations. */
  readonly categories = this.categoriesState.asReadonly();
  readonly integrations = computed(() => this.categoriesState().flatMap((c) => c.integrations));
  readonly loading = computed(() => this.loadStatus() === 'loading');
  readonly loaded = computed(() => this.loadStatus() === 'loaded');
  /** Why the catalog could not be read (the page offers Retry), or null. */
  readonly loadError = this.loadErrorState.asReadonly();
  readonly liveMode = this.liveState.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopLive());
  }

  /** What the card of an integration or connection (by id) is busy with. */
  pendingFor(id: string | null | undefined): PendingAction | null {
    return (id && this.pendingState().get(id)) || null;
  }

  integration(providerId: string): Integration | undefined {
    return this.integrations().find((i) => i.id === providerId);
  }

  /** Reads the catalog; shows the loading state only when there is nothing to show yet. */
  async load(): Promise<void> {
    if (!this.loaded()) {
      this.loadStatus.set('loading');
    }
    this.loadErrorState.set(null);
    try {
      const catalog = await firstValueFrom(this.api.catalog());
      this.categoriesState.set(catalog.categories);
      this.loadStatus.set('loaded');
    } catch (error) {
      if (!this.loaded()) {
        this.loadStatus.set('error');
        this.loadErrorState.set(problemOf(error).detail);
      }
    }
  }

  /** Follows the event stream; while it is down, re-reads the catalog every 30 s. */
  startLive(): void {
    if (this.live) return;
    this.live = new LiveEventsConnection(this.openEventSource, {
      event: (event) => this.apply(event),
      open: (open) => {
        this.liveState.set(open ? 'live' : 'polling');
        if (open) {
          this.stopPolling();
          // Events sent before the stream opened (a sync that ended while the page was loading) or
          // while it was down are lost: catch up once, quietly (the cards stay on screen).
          if (this.loaded()) void this.load();
        } else {
          this.startPolling();
        }
      },
    });
  }

  stopLive(): void {
    this.live?.close();
    this.live = null;
    this.stopPolling();
  }

  /**
   * OAuth: asks the api for the provider's authorization URL and sends the browser there. The
   * callback comes back to this page with `?success=` or `?error=` (see reportOAuthReturn).
   */
  async connect(integration: Integration): Promise<void> {
    if (this.pendingFor(integration.id)) return;
    this.setPending(integration.id, 'connect');
    try {
      const { authorizationUrl } = await firstValueFrom(this.api.startOAuth(integration.id, INTEGRATIONS_PATH));
      sessionStorage.setItem(CONNECTING_KEY, integration.id);
      this.redirect(authorizationUrl);
      // The page is unloading: leave the button busy so it cannot be pressed twice.
    } catch (error) {
      this.setPending(integration.id, null);
      this.explain(error, `${integration.name} could not be connected`, () => this.connect(integration));
    }
  }

  /**
   * Connects (or, with a connection id, updates) a credentials-form provider. Rejects with the
   * error so the form can put field errors back on its fields.
   */
  async connectWithCredentials(
    integration: Integration,
    credentials: Credentials,
    connectionId?: string,
  ): Promise<Connection> {
    const connection = await firstValueFrom(this.api.connectWithCredentials(integration.id, credentials, connectionId));
    this.upsertConnection(connection);
    this.notifier.success(connectionId ? `${integration.name} connection updated` : `${integration.name} connected`);
    return connection;
  }

  /** Tries credentials without saving them. Rejects with the error (field errors, rate limit). */
  testCredentials(
    integration: Integration,
    credentials: Credentials,
    connectionId?: string,
  ): Promise<CredentialsTestResult> {
    return firstValueFrom(this.api.testCredentials(integration.id, credentials, connectionId));
  }

  /** Disconnects; `purge` also deletes the synced data, and the connection goes away entirely. */
  async disconnect(connection: Connection, purge: boolean): Promise<boolean> {
    const name = this.nameOf(connection.providerId);
    return this.busy(connection.id, 'disconnect', async () => {
      try {
        await firstValueFrom(this.api.disconnect(connection.id, purge));
      } catch (error) {
        this.explain(error, `${name} could not be disconnected`, () => this.disconnect(connection, purge));
        return false;
      }
      if (purge) {
        this.removeConnection(connection.id);
      } else {
        this.patchConnection(connection.id, (c) => ({
          ...c,
          status: 'DISCONNECTED',
          statusReason: 'DISCONNECTED_BY_USER',
          statusMessage: null,
        }));
      }
      this.notifier.success(purge ? `${name} disconnected and its synced data deleted` : `${name} disconnected`);
      return true;
    });
  }

  async syncNow(connection: Connection): Promise<boolean> {
    const name = this.nameOf(connection.providerId);
    return this.busy(connection.id, 'sync', async () => {
      try {
        const run = await firstValueFrom(this.api.syncNow(connection.id));
        this.watchedRuns.add(run.id);
        this.patchConnection(connection.id, (c) => ({ ...c, lastSyncRun: run }));
        this.notifier.info(`${name} sync started`);
        return true;
      } catch (error) {
        this.explain(error, `${name} could not start syncing`, () => this.syncNow(connection));
        return false;
      }
    });
  }

  /** Saves sync settings. Rejects with the error so a dialog can stay open and show it. */
  async updateSettings(connection: Connection, changes: UpdateConnection): Promise<Connection> {
    const name = this.nameOf(connection.providerId);
    return this.busy(connection.id, 'settings', async () => {
      const updated = await firstValueFrom(this.api.update(connection.id, changes));
      this.upsertConnection(updated);
      this.notifier.success(`${name} settings saved`);
      return updated;
    });
  }

  /** The latest runs, newest first. */
  syncHistory(connectionId: string, limit = 10): Promise<SyncRun[]> {
    return firstValueFrom(this.api.syncRuns(connectionId, limit));
  }

  /** The records a sync selection picks from (e.g. a database's tables). */
  async selectionOptions(connectionId: string, resource: string): Promise<SyncedRecord[]> {
    const page = await firstValueFrom(this.api.records(connectionId, resource));
    return page.records.filter((r) => r.action !== 'DELETED');
  }

  /**
   * Tells the person how the OAuth round trip ended: `success=<providerId>_connected` or
   * `error=<code>`. Call after load() so provider names are known. Answers whether there was
   * anything in the address (the page then cleans the query string).
   *
   * Anyone can send a link with `?success=…`, so "connected" is announced only for what the server
   * confirms: the provider this tab set out to connect, with an active connection in the catalog
   * the server just answered.
   */
  reportOAuthReturn(query: { success?: string | null; error?: string | null }): boolean {
    const remembered = sessionStorage.getItem(CONNECTING_KEY);
    sessionStorage.removeItem(CONNECTING_KEY);
    if (query.success) {
      const providerId = /^(.+)_connected$/.exec(query.success)?.[1];
      const integration = providerId && providerId === remembered ? this.integration(providerId) : undefined;
      if (integration?.connections.some((c) => c.status === 'ACTIVE'))
        this.notifier.success(`${integration.name} connected`);
      return true;
    }
    if (query.error) {
      const integration = remembered ? this.integration(remembered) : undefined;
      const describe = OAUTH_FAILURES[query.error] ?? OAUTH_FAILURE_FALLBACK;
      const message = describe(integration?.name ?? 'The integration');
      this.notifier.error(
        message,
        integration ? { label: 'Try again', run: () => void this.connect(integration) } : undefined,
      );
      return true;
    }
    return false;
  }

  private apply(event: LiveEvent): void {
    const connection = this.findConnection(event.connectionId);
    if (!connection) {
      // A connection made elsewhere (another tab, the API): read it whole.
      void this.refetchConnection(event.connectionId);
      return;
    }
    if (event.type === 'connection.updated') {
      const { status, statusReason, statusMessage, lastSyncedAt } = event;
      const reconnected = status === 'ACTIVE' && connection.status !== 'ACTIVE';
      this.patchConnection(event.connectionId, (c) => ({ ...c, status, statusReason, statusMessage, lastSyncedAt }));
      // A reconnect may change the account and scopes, which the event does not carry.
      if (reconnected) void this.refetchConnection(event.connectionId);
      return;
    }
    this.applyRun(connection, event);
  }

  private applyRun(connection: Connection, event: Extract<LiveEvent, { type: 'sync.run' }>): void {
    const current = connection.lastSyncRun;
    const sameRun = current?.id === event.runId;
    // A follow-up run is queued while one runs: keep showing the running one until it ends.
    if (!sameRun && current?.status === 'RUNNING' && event.status === 'QUEUED') return;
    const now = new Date().toISOString();
    const base: SyncRun = sameRun && current ? current : { ...emptyRun(event.runId, now), connectionId: connection.id };
    const run: SyncRun = {
      ...base,
      providerId: event.providerId,
      status: event.status,
      trigger: event.trigger,
      counts: event.counts,
      pages: event.pages,
      resource: event.resource,
      startedAt: base.startedAt ?? (event.status === 'QUEUED' ? null : now),
      finishedAt: TERMINAL_RUNS.has(event.status) ? (base.finishedAt ?? now) : null,
      error: event.error ? { code: base.error?.code ?? 'ERROR', message: event.error } : null,
    };
    this.patchConnection(connection.id, (c) => ({ ...c, lastSyncRun: run }));
    if (TERMINAL_RUNS.has(event.status) && this.watchedRuns.delete(event.runId)) {
      this.announceRunEnd(connection, run);
    }
  }

  private announceRunEnd(connection: Connection, run: SyncRun): void {
    const name = this.nameOf(connection.providerId);
    if (run.status === 'SUCCEEDED') {
      const { added, updated, deleted } = run.counts;
      this.notifier.success(`${name} synced: ${added} added, ${updated} updated, ${deleted} deleted`);
    } else if (run.status === 'FAILED') {
      this.notifier.error(`${name} sync failed${run.error ? `: ${run.error.message}` : ''}`, {
        label: 'Retry',
        run: () => void this.syncNow(connection),
      });
    } else {
      this.notifier.info(`${name} sync was cancelled`);
    }
  }

  private async refetchConnection(id: string): Promise<void> {
    try {
      this.upsertConnection(await firstValueFrom(this.api.connection(id)));
    } catch {
      // Gone or not ours (e.g. purged meanwhile): the next catalog read settles it.
    }
  }

  private startPolling(): void {
    this.pollTimer ??= setInterval(() => void this.load(), FALLBACK_POLL_MS);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  private async busy<T>(id: string, action: PendingAction, work: () => Promise<T>): Promise<T> {
    this.setPending(id, action);
    try {
      return await work();
    } finally {
      this.setPending(id, null);
    }
  }

  private setPending(id: string, action: PendingAction | null): void {
    this.pendingState.update((current) => {
      const next = new Map(current);
      if (action) next.set(id, action);
      else next.delete(id);
      return next;
    });
  }

  /** Says why an action failed, with a way to try again; an ended session is the shell's to handle. */
  private explain(error: unknown, what: string, retry: () => void): void {
    const problem = problemOf(error);
    if (problem.status === 401) return;
    this.notifier.error(`${what}: ${problem.detail}`, { label: 'Retry', run: retry });
  }

  private nameOf(providerId: string): string {
    return this.integration(providerId)?.name ?? providerId;
  }

  private findConnection(id: string): Connection | undefined {
    for (const integration of this.integrations()) {
      const found = integration.connections.find((c) => c.id === id);
      if (found) return found;
    }
    return undefined;
  }

  private updateIntegrations(change: (integration: Integration) => Integration): void {
    this.categoriesState.update((categories) =>
      categories.map((category) => ({ ...category, integrations: category.integrations.map(change) })),
    );
  }

  private patchConnection(id: string, change: (connection: Connection) => Connection): void {
    this.updateIntegrations((integration) =>
      integration.connections.some((c) => c.id === id)
        ? { ...integration, connections: integration.connections.map((c) => (c.id === id ? change(c) : c)) }
        : integration,
    );
  }

  private upsertConnection(connection: Connection): void {
    this.updateIntegrations((integration) => {
      if (integration.id !== connection.providerId) return integration;
      const others = integration.connections.filter((c) => c.id !== connection.id);
      return { ...integration, connections: [connection, ...others] };
    });
  }

  private removeConnection(id: string): void {
    this.updateIntegrations((integration) => ({
      ...integration,
      connections: integration.connections.filter((c) => c.id !== id),
    }));
  }
}

function emptyRun(id: string, queuedAt: string): SyncRun {
  return {
    id,
    connectionId: '',
    providerId: '',
    trigger: 'MANUAL',
    status: 'QUEUED',
    counts: { added: 0, updated: 0, unchanged: 0, deleted: 0 },
    pages: 0,
    resource: null,
    queuedAt,
    startedAt: null,
    finishedAt: null,
    error: null,
    cancelRequested: false,
  };
}
