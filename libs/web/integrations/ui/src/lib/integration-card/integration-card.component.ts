import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { ConnectionStatusReason } from '@hub/shared/contracts';
import { CardConnection, CardIntegration, CardPendingAction, cardStatusOf } from '../models';
import { StatusChipComponent } from '../status-chip/status-chip.component';
import { calendarDate, exactTime, relativeTime } from '../time-format';

/** Words for an error reason when the api sent no message of its own. */
const REASONS: Record<ConnectionStatusReason, string> = {
  NEEDS_REAUTH: 'The account needs to be connected again.',
  INSUFFICIENT_SCOPE: 'The connection is missing permissions it needs.',
  PROVIDER_UNAVAILABLE: 'The service is unavailable right now.',
  REFRESH_FAILING: 'Access could not be renewed.',
  INVALID_CONFIG: 'The connection details are no longer valid.',
  DISCONNECTED_BY_USER: 'Disconnected.',
};

const RUN_WORDS = {
  QUEUED: 'Sync queued',
  RUNNING: 'Syncing',
  SUCCEEDED: 'Last sync succeeded',
  FAILED: 'Last sync failed',
  CANCELLED: 'Last sync cancelled',
} as const;

/**
 * One integration: what it is, how its connection is doing and what can be done with it.
 * Presentational: the page decides what the actions do and says when one is pending.
 */
@Component({
  selector: 'hub-integration-card',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    MatProgressSpinnerModule,
    MatTooltipModule,
    StatusChipComponent,
  ],
  templateUrl: './integration-card.component.html',
  styleUrl: './integration-card.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntegrationCardComponent {
  readonly integration = input.required<CardIntegration>();
  readonly connection = input<CardConnection | null>(null);
  /** The action under way, if any: its button spins and every action waits. */
  readonly pending = input<CardPendingAction | null>(null);
  /** The current time (ms), ticked by the page so "5 minutes ago" stays true. */
  readonly now = input<number>(Date.now());

  readonly connect = output<void>();
  readonly disconnect = output<void>();
  readonly syncNow = output<void>();
  readonly openSettings = output<void>();
  /** Start an organisation administrator's approval (providers with `adminConsent`). */
  readonly approve = output<void>();

  protected readonly status = computed(() => cardStatusOf(this.integration(), this.connection()));
  protected readonly busy = computed(() => this.pending() !== null);
  protected readonly comingSoon = computed(() => this.status() === 'coming-soon');
  protected readonly connected = computed(() => ['connected', 'syncing', 'error'].includes(this.status()));
  protected readonly syncing = computed(() => this.status() === 'syncing');
  protected readonly chipId = computed(() => `integration-${this.integration().id}-status`);
  /** Where the workspace stands with an administrator's approval, for a card not connected. */
  protected readonly approval = computed(() => {
    const consent = this.integration().adminConsent;
    if (!consent || this.connected() || this.comingSoon()) return null;
    const who = `${consent.authority} administrator`;
    const name = this.integration().name;
    if (consent.status === 'granted')
      return { state: 'granted', text: `Approved by your ${who}: you can connect ${name}.` };
    if (consent.status === 'required')
      return {
        state: 'required',
        text: `Needs your ${who}’s approval. Ask an administrator of your organisation to open this page and choose “Approve as administrator”; then connect again.`,
      };
    return {
      state: 'unknown',
      text: `${name} needs your ${who}’s approval once, for everyone in your organisation. If you are one, approve it first.`,
    };
  });

  protected readonly account = computed(() => {
    const account = this.connection()?.account;
    if (!account) return '';
    const extra = [account.email, account.workspaceName].filter((v) => v && v !== account.displayName);
    return extra.length ? `${account.displayName} (${extra.join(', ')})` : account.displayName;
  });

  /** Warnings about a live connection's account, e.g. "This role can write to the database…". */
  protected readonly warnings = computed(() => {
    const connection = this.connection();
    return connection && connection.status !== 'DISCONNECTED' ? (connection.account.warnings ?? []) : [];
  });

  protected readonly errorText = computed(() => {
    const connection = this.connection();
    if (connection?.status !== 'ERROR') return '';
    return (
      connection.statusMessage ||
      (connection.statusReason ? REASONS[connection.statusReason] : 'The connection stopped working.')
    );
  });

  protected readonly connectedOn = computed(() => {
    const at = this.connection()?.connectedAt;
    return at ? { text: calendarDate(at), exact: exactTime(at) } : null;
  });

  protected readonly lastSync = computed(() => {
    const at = this.connection()?.lastSyncedAt;
    return at ? { text: relativeTime(at, this.now()), exact: exactTime(at) } : null;
  });

  protected readonly run = computed(() => {
    const run = this.connection()?.lastSyncRun;
    if (!run) return null;
    const { added, updated, deleted } = run.counts;
    const where = run.status === 'RUNNING' && run.resource ? ` ${run.resource}` : '';
    return {
      status: run.status,
      summary: `${RUN_WORDS[run.status]}${where}`,
      counts: `${added} added · ${updated} updated · ${deleted} deleted`,
      error: run.status === 'FAILED' ? (run.error?.message ?? '') : '',
    };
  });

  /** Outputs fire once per action: a pending card ignores clicks (its buttons stay focusable). */
  protected act(emit: { emit: () => void }): void {
    if (!this.busy()) emit.emit();
  }
}
