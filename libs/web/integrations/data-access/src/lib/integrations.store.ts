import { DestroyRef, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import type { LiveEvent } from '@hub/shared/contracts';
import { Notifier, problemOf } from '@hub/web/core';
import type {
  Connection,
  Credentials,
  CredentialsTestResult,
  Integration,
  IntegrationCategoryGroup,
  SyncRun,
  SyncedRecord,
  UpdateConnection,
} from '@hub/web/shared/api-types';
import { firstValueFrom } from 'rxjs';
import { patchConnection, removeConnection, upsertConnection } from './catalog';
import { IntegrationsApi } from './integrations-api';
import { applyLiveEvent } from './live-event-reducer';
import { EVENT_SOURCE_FACTORY } from './live-events';
import { LiveUpdates } from './live-updates';
import type { PendingAction } from './models';
import { INTEGRATIONS_PATH, readOAuthReturn, rememberConnecting } from './oauth-return';

/** Sends the browser to another site (the provider's consent page); tests replace it. */
export const BROWSER_REDIRECT = new InjectionToken<(url: string) => void>('BROWSER_REDIRECT', {
  providedIn: 'root',
  factory: () => (url) => window.location.assign(url),
});

type LoadStatus = 'idle' | 'loading' | 'loaded' | 'error';

/**
 * The integrations page's state: the catalog with this workspace's connections, what each card is
 * busy with, and live updates from the event stream. Provided by the page, so it lives and dies
 * with it (the stream and timers close on destroy). Every action's outcome goes through Notifier.
 */
@Injectable()
export class IntegrationsStore {
  private readonly api = inject(IntegrationsApi);
  private readonly notifier = inject(Notifier);
  private readonly redirect = inject(BROWSER_REDIRECT);

  private readonly categoriesState = signal<IntegrationCategoryGroup[]>([]);
  private readonly loadStatus = signal<LoadStatus>('idle');
  private readonly loadErrorState = signal<string | null>(null);
  private readonly pendingState = signal<ReadonlyMap<string, PendingAction>>(new Map());
  /** Runs started with "Sync now" here: their end is announced. */
  private readonly watchedRuns = new Set<string>();

  private readonly live = new LiveUpdates(inject(EVENT_SOURCE_FACTORY), {
    event: (event) => this.apply(event),
    // Events sent before the stream opened (a sync that ended while the page was loading) or while
    // it was down are lost: catch up once, quietly (the cards stay on screen).
    opened: () => {
      if (this.loaded()) void this.load();
    },
    poll: () => void this.load(),
  });

  /** Categories in the catalog's order, each with its integrations. */
  readonly categories = this.categoriesState.asReadonly();
  readonly integrations = computed(() => this.categoriesState().flatMap((c) => c.integrations));
  readonly loading = computed(() => this.loadStatus() === 'loading');
  readonly loaded = computed(() => this.loadStatus() === 'loaded');
  /** Why the catalog could not be read (the page offers Retry), or null. */
  readonly loadError = this.loadErrorState.asReadonly();
  readonly liveMode = this.live.mode;

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
    this.live.start();
  }

  stopLive(): void {
    this.live.stop();
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
      rememberConnecting(integration.id);
      this.redirect(authorizationUrl);
      // The page is unloading: leave the button busy so it cannot be pressed twice.
    } catch (error) {
      this.setPending(integration.id, null);
      this.explain(error, `${integration.name} could not be connected`, () => this.connect(integration));
    }
  }

  /**
   * An organisation administrator's approval of the provider's admin-only permissions: asks the api
   * for the provider's admin-consent URL and sends the browser there; it comes back to this page
   * with `?success=<id>_admin_consented` or `?error=`.
   */
  async approve(integration: Integration): Promise<void> {
    if (this.pendingFor(integration.id)) return;
    this.setPending(integration.id, 'approve');
    try {
      const { authorizationUrl } = await firstValueFrom(this.api.startAdminConsent(integration.id, INTEGRATIONS_PATH));
      rememberConnecting(integration.id);
      this.redirect(authorizationUrl);
    } catch (error) {
      this.setPending(integration.id, null);
      this.explain(error, `${integration.name} could not be approved`, () => this.approve(integration));
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
   * Tells the person how the OAuth round trip ended (readOAuthReturn). Call after load() so provider
   * names are known. Answers whether there was anything in the address (the page then cleans the
   * query string).
   */
  reportOAuthReturn(query: { success?: string | null; error?: string | null }): boolean {
    const back = readOAuthReturn(query, (providerId) => this.integration(providerId));
    if (back?.outcome === 'connected' && back.message) this.notifier.success(back.message);
    if (back?.outcome === 'failed') {
      const { retry } = back;
      this.notifier.error(
        back.message,
        retry ? { label: 'Try again', run: () => void this.connect(retry) } : undefined,
      );
    }
    return back !== null;
  }

  private apply(event: LiveEvent): void {
    const { categories, refetch, ended } = applyLiveEvent(this.categoriesState(), event, new Date().toISOString());
    this.categoriesState.set(categories);
    if (refetch) void this.refetchConnection(event.connectionId);
    if (ended && this.watchedRuns.delete(ended.run.id)) this.announceRunEnd(ended.connection, ended.run);
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

  private patchConnection(id: string, change: (connection: Connection) => Connection): void {
    this.categoriesState.update((categories) => patchConnection(categories, id, change));
  }

  private upsertConnection(connection: Connection): void {
    this.categoriesState.update((categories) => upsertConnection(categories, connection));
  }

  private removeConnection(id: string): void {
    this.categoriesState.update((categories) => removeConnection(categories, id));
  }
}
