import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { IntegrationsStore, primaryConnection } from '@hub/web/integrations/data-access';
import {
  CredentialsDialogComponent,
  CredentialsDialogData,
  DisconnectDialogComponent,
  DisconnectDialogData,
  DisconnectDialogResult,
  IntegrationCardComponent,
  SettingsDialogComponent,
  SettingsDialogData,
  SubmitOutcome,
} from '@hub/web/integrations/ui';
import { problemOf } from '@hub/web/core';
import type { Connection, Integration, SyncedRecord } from '@hub/web/shared/api-types';
import { firstValueFrom } from 'rxjs';
import { INTEGRATION_CATEGORIES, IntegrationCategoryFilter } from '../integration-categories';

/** How often relative times ("5 minutes ago") are brought up to date. */
const CLOCK_TICK_MS = 30_000;
const SKELETON_CARDS = 6;

@Component({
  selector: 'hub-integrations-page',
  imports: [
    IntegrationCardComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
  ],
  providers: [IntegrationsStore],
  templateUrl: './integrations-page.component.html',
  styleUrl: './integrations-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IntegrationsPageComponent implements OnInit {
  protected readonly store = inject(IntegrationsStore);
  private readonly dialog = inject(MatDialog);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);

  protected readonly categories = INTEGRATION_CATEGORIES;
  protected readonly skeletons = Array.from({ length: SKELETON_CARDS }, (_, i) => i);
  protected readonly primaryConnection = primaryConnection;
  protected readonly now = signal(Date.now());

  /** Free-text search over integration names, as typed. */
  readonly search = signal('');

  /** Selected category, `'all'` when no category filter applies. */
  readonly category = signal<IntegrationCategoryFilter>('all');

  /**
   * The catalog's sections, in the catalog's order, narrowed by the filters; empty sections are left
   * out. Within a section what can be connected today comes first, so a card one can act on is never
   * behind a row of "Coming soon".
   */
  protected readonly sections = computed(() => {
    const query = this.search().trim().toLowerCase();
    const category = this.category();
    const comingSoon = (i: Integration) => (i.availability === 'coming-soon' ? 1 : 0);
    return this.store
      .categories()
      .filter((section) => category === 'all' || section.name === category)
      .map((section) => ({
        ...section,
        integrations: section.integrations
          .filter((i) => !query || `${i.name} ${i.description}`.toLowerCase().includes(query))
          .sort((a, b) => comingSoon(a) - comingSoon(b)),
      }))
      .filter((section) => section.integrations.length > 0);
  });

  constructor() {
    const clock = setInterval(() => this.now.set(Date.now()), CLOCK_TICK_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(clock));
  }

  async ngOnInit(): Promise<void> {
    await this.store.load();
    this.store.startLive();
    const query = this.route.snapshot.queryParamMap;
    const reported = this.store.reportOAuthReturn({ success: query.get('success'), error: query.get('error') });
    if (reported) {
      // The outcome is told once: a reload or a shared link must not repeat it.
      await this.router.navigate([], { relativeTo: this.route, queryParams: {}, replaceUrl: true });
    }
  }

  protected onSearchInput(event: Event): void {
    this.search.set((event.target as HTMLInputElement).value);
  }

  protected clearSearch(): void {
    this.search.set('');
  }

  protected clearFilters(): void {
    this.search.set('');
    this.category.set('all');
  }

  protected pendingOf(integration: Integration, connection: Connection | null) {
    return this.store.pendingFor(connection?.id) ?? this.store.pendingFor(integration.id);
  }

  protected connect(integration: Integration, connection: Connection | null): void {
    if (integration.connectMethod === 'credentials') {
      // A failing or disconnected connection is fixed in place rather than duplicated.
      this.openCredentials(integration, connection);
    } else {
      void this.store.connect(integration);
    }
  }

  protected async disconnect(integration: Integration, connection: Connection): Promise<void> {
    const ref = this.dialog.open<DisconnectDialogComponent, DisconnectDialogData, DisconnectDialogResult>(
      DisconnectDialogComponent,
      {
        data: {
          integrationName: integration.name,
          accountName: connection.account.displayName,
          accessRemoval: integration.accessRemoval,
        },
        width: '480px',
      },
    );
    const answer = await firstValueFrom(ref.afterClosed());
    if (answer) await this.store.disconnect(connection, answer.purge);
  }

  protected syncNow(connection: Connection): void {
    void this.store.syncNow(connection);
  }

  protected async openSettings(integration: Integration, connection: Connection): Promise<void> {
    const selection = integration.syncSelection ?? null;
    const data: SettingsDialogData = {
      integrationName: integration.name,
      settings: connection,
      selection,
      loadHistory: () => this.store.syncHistory(connection.id),
      loadOptions: async () =>
        selection ? (await this.store.selectionOptions(connection.id, selection.optionsResource)).map(optionOf) : [],
      save: (changes) => outcomeOf(() => this.store.updateSettings(connection, changes).then(() => undefined)),
      editCredentials:
        integration.connectMethod === 'credentials' ? () => this.openCredentials(integration, connection) : undefined,
    };
    const ref = this.dialog.open(SettingsDialogComponent, { data, width: '680px', maxWidth: '95vw' });
    if ((await firstValueFrom(ref.afterClosed())) === 'edit-credentials') {
      this.openCredentials(integration, connection);
    }
  }

  private openCredentials(integration: Integration, connection: Connection | null): void {
    const connectionId = connection?.id;
    const data: CredentialsDialogData = {
      integrationName: integration.name,
      fields: integration.credentialFields,
      editing: !!connection,
      initial: connection ? scalarsOf(connection.account.details) : undefined,
      test: (values) => outcomeOf(() => this.store.testCredentials(integration, values, connectionId)),
      save: (values) =>
        outcomeOf(() => this.store.connectWithCredentials(integration, values, connectionId).then(() => undefined)),
    };
    this.dialog.open(CredentialsDialogComponent, { data, width: '560px', maxWidth: '95vw' });
  }
}

/** Runs a request for a dialog; a failure becomes words and field errors (`credentials.host` → `host`). */
async function outcomeOf<T>(work: () => Promise<T>): Promise<SubmitOutcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const problem = problemOf(error);
    const fieldErrors = Object.fromEntries(
      problem.errors.map((e) => [e.field.replace(/^credentials\./, ''), e.message] as const),
    );
    return { ok: false, message: problem.detail, fieldErrors };
  }
}

/** A record offered in a sync selection: its id, and a name when its data has one. */
function optionOf(record: SyncedRecord): { id: string; label: string } {
  const name = record.data['name'] ?? record.data['title'];
  return { id: record.externalId, label: typeof name === 'string' ? name : record.externalId };
}

/** The account details a form may start from (e.g. `database`); secrets are never among them. */
function scalarsOf(details: Record<string, unknown> | undefined): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(details ?? {}).filter((entry): entry is [string, string | number | boolean] =>
      ['string', 'number', 'boolean'].includes(typeof entry[1]),
    ),
  );
}
