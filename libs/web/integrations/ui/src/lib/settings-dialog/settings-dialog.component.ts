import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { CardSyncRun, SubmitOutcome } from '../models';
import { duration, exactTime } from '../time-format';

export interface SettingsDialogData {
  integrationName: string;
  settings: { syncEnabled: boolean; syncFrequencyMinutes: number; syncSelection?: string[] };
  /** Offered when the provider syncs only what the person picks (e.g. PostgreSQL tables). */
  selection: { label: string; max: number } | null;
  loadOptions: () => Promise<{ id: string; label: string }[]>;
  loadHistory: () => Promise<CardSyncRun[]>;
  save: (changes: SettingsChanges) => Promise<SubmitOutcome>;
  /** Credentials providers: close and open the connection form instead. */
  editCredentials?: () => void;
}

export interface SettingsChanges {
  syncEnabled: boolean;
  syncFrequencyMinutes: number;
  syncSelection?: string[];
}

const FREQUENCIES = [
  { minutes: 15, label: 'Every 15 minutes' },
  { minutes: 30, label: 'Every 30 minutes' },
  { minutes: 60, label: 'Every hour' },
  { minutes: 360, label: 'Every 6 hours' },
  { minutes: 720, label: 'Every 12 hours' },
  { minutes: 1440, label: 'Every day' },
  { minutes: 10080, label: 'Every week' },
];

const TRIGGERS: Record<CardSyncRun['trigger'], string> = {
  MANUAL: 'Sync now',
  SCHEDULED: 'Scheduled',
  INITIAL: 'First sync',
};

type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error' };

/** A connection's sync settings (schedule, what to sync) and its recent sync history. */
@Component({
  selector: 'hub-settings-dialog',
  imports: [
    FormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    MatSlideToggleModule,
  ],
  templateUrl: './settings-dialog.component.html',
  styleUrl: './settings-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SettingsDialogComponent implements OnInit {
  protected readonly data = inject<SettingsDialogData>(MAT_DIALOG_DATA);
  private readonly dialog = inject(MatDialogRef<SettingsDialogComponent, 'saved' | 'edit-credentials'>);

  protected readonly syncEnabled = signal(this.data.settings.syncEnabled);
  protected readonly frequency = signal(this.data.settings.syncFrequencyMinutes);
  protected readonly selected = signal<ReadonlySet<string>>(new Set(this.data.settings.syncSelection ?? []));
  protected readonly options = signal<Loadable<{ id: string; label: string }[]>>({ state: 'loading' });
  protected readonly history = signal<Loadable<CardSyncRun[]>>({ state: 'loading' });
  protected readonly saving = signal(false);
  protected readonly saveError = signal('');

  protected readonly frequencies = computed(() => {
    const current = this.data.settings.syncFrequencyMinutes;
    return FREQUENCIES.some((f) => f.minutes === current)
      ? FREQUENCIES
      : [...FREQUENCIES, { minutes: current, label: `Every ${current} minutes` }].sort((a, b) => a.minutes - b.minutes);
  });
  protected readonly atSelectionLimit = computed(
    () => !!this.data.selection && this.selected().size >= this.data.selection.max,
  );
  protected readonly triggers = TRIGGERS;
  protected readonly exactTime = exactTime;
  protected readonly duration = duration;

  ngOnInit(): void {
    void this.load(this.data.loadHistory, this.history);
    if (this.data.selection) void this.load(this.data.loadOptions, this.options);
  }

  protected toggle(id: string, checked: boolean): void {
    this.selected.update((current) => {
      const next = new Set(current);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  protected async save(): Promise<void> {
    if (this.saving()) return;
    this.saving.set(true);
    this.saveError.set('');
    const changes: SettingsChanges = { syncEnabled: this.syncEnabled(), syncFrequencyMinutes: this.frequency() };
    if (this.data.selection) changes.syncSelection = [...this.selected()];
    const outcome = await this.data.save(changes);
    this.saving.set(false);
    if (outcome.ok) this.dialog.close('saved');
    else this.saveError.set(outcome.message);
  }

  protected editCredentials(): void {
    this.dialog.close('edit-credentials');
  }

  private async load<T>(read: () => Promise<T>, into: ReturnType<typeof signal<Loadable<T>>>): Promise<void> {
    try {
      into.set({ state: 'ready', value: await read() });
    } catch {
      into.set({ state: 'error' });
    }
  }
}
