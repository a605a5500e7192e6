import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { CardConnection, CardIntegration, CardPendingAction } from '../models';
import { IntegrationCardComponent } from './integration-card.component';

const dub: CardIntegration = {
  id: 'dub',
  name: 'Dub',
  description: 'Short links and their clicks.',
  logoUrl: '/providers/dub.svg',
  availability: 'available',
  connectMethod: 'oauth2',
  setupRequired: false,
  sandbox: false,
};
const now = Date.parse('2026-03-01T10:05:00.000Z');
const active: CardConnection = {
  id: 'conn-dub',
  status: 'ACTIVE',
  account: { displayName: 'Acme Links', email: 'ada@example.com' },
  connectedAt: '2026-02-01T09:00:00.000Z',
  lastSyncedAt: '2026-03-01T10:00:00.000Z',
  lastSyncRun: {
    id: 'run-1',
    status: 'SUCCEEDED',
    trigger: 'MANUAL',
    counts: { added: 12, updated: 3, unchanged: 0, deleted: 1 },
    pages: 2,
    queuedAt: '2026-03-01T09:59:50.000Z',
  },
};

describe('IntegrationCardComponent', () => {
  let fixture: ComponentFixture<IntegrationCardComponent>;
  let element: HTMLElement;

  async function render(
    connection: CardConnection | null,
    integration: CardIntegration = dub,
    pending: CardPendingAction | null = null,
  ) {
    fixture = TestBed.createComponent(IntegrationCardComponent);
    fixture.componentRef.setInput('integration', integration);
    fixture.componentRef.setInput('connection', connection);
    fixture.componentRef.setInput('pending', pending);
    fixture.componentRef.setInput('now', now);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  const chip = () => element.querySelector('hub-status-chip')?.textContent?.trim();
  const button = (name: string) =>
    element.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`) ??
    (() => {
      throw new Error(`no button "${name}"`);
    })();
  const isDisabled = (b: HTMLButtonElement) => b.disabled || b.getAttribute('aria-disabled') === 'true';

  it('should show a connected card: account, dates, last run and its counts', async () => {
    await render(active);
    expect(element.querySelector('h3')?.textContent?.trim()).toBe('Dub');
    expect(element.querySelector('img')?.getAttribute('src')).toBe('/providers/dub.svg');
    expect(chip()).toContain('Connected');
    expect(element.textContent).toContain('Acme Links (ada@example.com)');
    expect(element.querySelector('.last-sync')?.textContent?.trim()).toBe('5 minutes ago');
    expect(element.textContent).toContain('Last sync succeeded');
    expect(element.textContent).toContain('12 added · 3 updated · 1 deleted');
    expect(element.querySelector('mat-progress-bar')).toBeNull();
    expect(button('Sync now: Dub')).toBeTruthy();
    expect(button('Dub settings')).toBeTruthy();
    expect(button('Disconnect Dub')).toBeTruthy();
  });

  it('should warn about the account on a live connection, and not once it is disconnected', async () => {
    await render(active);
    expect(element.querySelector('.warning')).toBeNull();
    const warning = 'This role can write to the database: use a read-only role.';
    const warned = { ...active, account: { ...active.account, warnings: [warning] } };
    await render(warned);
    expect([...element.querySelectorAll('.warning')].map((p) => p.textContent?.trim())).toEqual([
      expect.stringContaining(warning),
    ]);
    expect(element.querySelector('.warning mat-icon')?.getAttribute('aria-hidden')).toBe('true');
    await render({ ...warned, status: 'DISCONNECTED' });
    expect(element.querySelector('.warning')).toBeNull();
  });

  it('should show Syncing with a progress bar while a run is queued or running', async () => {
    await render({ ...active, lastSyncRun: { ...active.lastSyncRun!, status: 'RUNNING', resource: 'links' } });
    expect(chip()).toContain('Syncing');
    expect(element.querySelector('mat-progress-bar')).toBeTruthy();
    expect(element.textContent).toContain('Syncing links');
    expect(isDisabled(button('Sync now: Dub'))).toBe(true);
  });

  it('should show an error with its reason and a Reconnect action', async () => {
    await render({ ...active, status: 'ERROR', statusReason: 'NEEDS_REAUTH', statusMessage: null });
    expect(chip()).toContain('Error');
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('The account needs to be connected again.');
    expect(button('Reconnect Dub')).toBeTruthy();
  });

  it('should offer Connect when not connected, and Reconnect when disconnected', async () => {
    await render(null);
    expect(chip()).toContain('Not connected');
    expect(button('Connect Dub').textContent).toContain('Connect');

    await render({ ...active, status: 'DISCONNECTED' });
    expect(chip()).toContain('Disconnected');
    expect(button('Reconnect Dub')).toBeTruthy();
  });

  it('should show coming-soon cards disabled, and say so to screen readers', async () => {
    await render(null, { ...dub, availability: 'coming-soon' });
    expect(chip()).toContain('Coming soon');
    const connect = button('Connect Dub');
    expect(connect.disabled).toBe(true);
    const described = connect.getAttribute('aria-describedby')!;
    expect(element.querySelector(`#${described}`)?.textContent).toContain('Coming soon');
    expect(element.querySelector('.card-disabled')).toBeTruthy();
  });

  it('should say Sandbox when the provider sandbox stands in for the service, and not otherwise', async () => {
    await render(active, { ...dub, sandbox: true });
    expect(element.querySelector('.sandbox')?.textContent?.trim()).toBe('Sandbox');
    await render(active, dub);
    expect(element.querySelector('.sandbox')).toBeNull();
    await render(null, { ...dub, sandbox: true, availability: 'coming-soon' });
    expect(element.querySelector('.sandbox')).toBeNull();
  });

  it('should emit each action once, and nothing while an action is pending', async () => {
    await render(active);
    const emitted: string[] = [];
    const card = fixture.componentInstance;
    card.syncNow.subscribe(() => emitted.push('sync'));
    card.openSettings.subscribe(() => emitted.push('settings'));
    card.disconnect.subscribe(() => emitted.push('disconnect'));
    button('Sync now: Dub').click();
    button('Dub settings').click();
    button('Disconnect Dub').click();
    expect(emitted).toEqual(['sync', 'settings', 'disconnect']);

    fixture.componentRef.setInput('pending', 'sync');
    await fixture.whenStable();
    expect(isDisabled(button('Sync now: Dub'))).toBe(true);
    expect(button('Sync now: Dub').querySelector('mat-progress-spinner')).toBeTruthy();
    button('Sync now: Dub').click();
    button('Disconnect Dub').click();
    expect(emitted).toHaveLength(3);
  });

  it('should emit connect from a card that is not connected', async () => {
    await render(null);
    const connect = jest.fn();
    fixture.componentInstance.connect.subscribe(connect);
    button('Connect Dub').click();
    expect(connect).toHaveBeenCalledTimes(1);
  });
});
