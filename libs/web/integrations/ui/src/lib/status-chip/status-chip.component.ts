import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { IntegrationCardStatus } from '../models';

const LOOK: Record<IntegrationCardStatus, { label: string; icon: string }> = {
  connected: { label: 'Connected', icon: 'check_circle' },
  syncing: { label: 'Syncing', icon: 'sync' },
  error: { label: 'Error', icon: 'error' },
  disconnected: { label: 'Disconnected', icon: 'link_off' },
  'not-connected': { label: 'Not connected', icon: 'radio_button_unchecked' },
  'needs-approval': { label: 'Needs approval', icon: 'admin_panel_settings' },
  'coming-soon': { label: 'Coming soon', icon: 'schedule' },
};

/** A connection's status as a small chip: an icon and a word (never colour alone). */
@Component({
  selector: 'hub-status-chip',
  imports: [MatIconModule],
  template: `<mat-icon aria-hidden="true">{{ look().icon }}</mat-icon
    ><span>{{ look().label }}</span>`,
  styleUrl: './status-chip.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"chip chip-" + status()' },
})
export class StatusChipComponent {
  readonly status = input.required<IntegrationCardStatus>();
  protected readonly look = computed(() => LOOK[this.status()]);
}
