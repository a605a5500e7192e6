import type { LiveEvent } from '@hub/shared/contracts';
import type { IntegrationCategoryGroup } from '@hub/web/shared/api-types';
import type { Connection } from '@hub/web/shared/api-types';
import { aCatalog, aConnection, aRun } from '../testing/fixtures';
import { findConnection } from './catalog';
import { applyLiveEvent } from './live-event-reducer';

const NOW = '2026-03-02T12:00:00.000Z';
const counts = { added: 4, updated: 1, unchanged: 7, deleted: 0 };

function runEvent(overrides: Partial<Extract<LiveEvent, { type: 'sync.run' }>> = {}): LiveEvent {
  return {
    type: 'sync.run',
    connectionId: 'conn-dub',
    providerId: 'dub',
    runId: 'run-2',
    trigger: 'SCHEDULED',
    status: 'RUNNING',
    counts,
    pages: 1,
    resource: 'links',
    error: null,
    ...overrides,
  };
}

function statusEvent(overrides: Partial<Extract<LiveEvent, { type: 'connection.updated' }>> = {}): LiveEvent {
  return {
    type: 'connection.updated',
    connectionId: 'conn-dub',
    providerId: 'dub',
    status: 'ERROR',
    statusReason: 'NEEDS_REAUTH',
    statusMessage: 'Dub asked for the account to be connected again.',
    lastSyncedAt: '2026-03-02T08:00:00.000Z',
    ...overrides,
  };
}

/** The catalog's categories, Dub holding these connections. */
const categoriesWith = (connections?: Connection[]) => aCatalog(connections).categories;
const dubIn = (categories: IntegrationCategoryGroup[]) => findConnection(categories, 'conn-dub');

describe('applyLiveEvent', () => {
  it('should take the status an event carries, leaving the catalog it was given unchanged', () => {
    const before = categoriesWith();
    const { categories, refetch, ended } = applyLiveEvent(before, statusEvent(), NOW);
    expect(dubIn(categories)).toMatchObject({
      status: 'ERROR',
      statusReason: 'NEEDS_REAUTH',
      statusMessage: 'Dub asked for the account to be connected again.',
      lastSyncedAt: '2026-03-02T08:00:00.000Z',
      account: { displayName: 'Acme Links' },
    });
    expect({ refetch, ended }).toEqual({ refetch: false, ended: null });
    expect(dubIn(before)?.status).toBe('ACTIVE');
  });

  it('should ask to read a connection again when it reconnects, since its account may have changed', () => {
    const failing = categoriesWith([aConnection({ status: 'ERROR', statusReason: 'NEEDS_REAUTH' })]);
    const back = statusEvent({ status: 'ACTIVE', statusReason: null, statusMessage: null });
    expect(applyLiveEvent(failing, back, NOW).refetch).toBe(true);
    expect(applyLiveEvent(categoriesWith(), back, NOW).refetch).toBe(false);
  });

  it('should ask to read a connection the page does not know, and change nothing', () => {
    const before = categoriesWith([]);
    const result = applyLiveEvent(before, runEvent(), NOW);
    expect(result).toEqual({ categories: before, refetch: true, ended: null });
  });

  it('should start showing a new run from its first event, stamped with now', () => {
    const { categories, ended } = applyLiveEvent(categoriesWith(), runEvent(), NOW);
    expect(dubIn(categories)?.lastSyncRun).toEqual({
      id: 'run-2',
      connectionId: 'conn-dub',
      providerId: 'dub',
      trigger: 'SCHEDULED',
      status: 'RUNNING',
      counts,
      pages: 1,
      resource: 'links',
      queuedAt: NOW,
      startedAt: NOW,
      finishedAt: null,
      retryAt: null,
      error: null,
      cancelRequested: false,
    });
    expect(ended).toBeNull();
  });

  it('should leave a queued run not started yet', () => {
    const { categories } = applyLiveEvent(categoriesWith(), runEvent({ status: 'QUEUED' }), NOW);
    expect(dubIn(categories)?.lastSyncRun).toMatchObject({ status: 'QUEUED', startedAt: null, finishedAt: null });
  });

  it('should keep showing a running run while a follow-up is queued', () => {
    const running = categoriesWith([aConnection({ lastSyncRun: aRun({ id: 'run-1', status: 'RUNNING' }) })]);
    const result = applyLiveEvent(running, runEvent({ status: 'QUEUED' }), NOW);
    expect(result).toEqual({ categories: running, refetch: false, ended: null });
  });

  it('should end a run it knows, keeping its times and error code, and say it ended', () => {
    const current = aRun({
      id: 'run-2',
      status: 'RUNNING',
      startedAt: '2026-03-02T11:59:00.000Z',
      finishedAt: null,
      error: { code: 'RATE_LIMITED', message: 'Slow down' },
    });
    const before = categoriesWith([aConnection({ lastSyncRun: current })]);
    const failed = runEvent({ status: 'FAILED', error: "Dub's rate limit was reached" });
    const { categories, ended } = applyLiveEvent(before, failed, NOW);
    const run = dubIn(categories)?.lastSyncRun;
    expect(run).toMatchObject({
      status: 'FAILED',
      queuedAt: current.queuedAt,
      startedAt: '2026-03-02T11:59:00.000Z',
      finishedAt: NOW,
      error: { code: 'RATE_LIMITED', message: "Dub's rate limit was reached" },
    });
    expect(ended).toEqual({ connection: dubIn(categories), run });
  });

  it('should give an error the event reports without a code the code ERROR', () => {
    const { categories } = applyLiveEvent(categoriesWith(), runEvent({ status: 'FAILED', error: 'Boom' }), NOW);
    expect(dubIn(categories)?.lastSyncRun?.error).toEqual({ code: 'ERROR', message: 'Boom' });
  });
});
