import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

export interface DisconnectDialogData {
  integrationName: string;
  accountName: string;
  /** Where the person removes the app's access themselves, when the provider lets no app do it. */
  accessRemoval?: { note: string; links: { label: string; url: string }[] } | null;
}

/** The dialog's answer: disconnect, and whether to delete the synced data too. Undefined: cancelled. */
export interface DisconnectDialogResult {
  purge: boolean;
}

/**
 * Confirms a disconnect and says what happens to the data (DELETE /api/connections/{id}: the
 * credentials are deleted and syncing stops; synced data stays unless `purge=true`).
 */
@Component({
  selector: 'hub-disconnect-dialog',
  imports: [MatButtonModule, MatCheckboxModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>Disconnect {{ data.integrationName }}?</h2>
    <mat-dialog-content>
      <p>
        The saved credentials for <strong>{{ data.accountName }}</strong> are deleted and scheduled syncs stop. You can
        connect again at any time.
      </p>
      <p>Data already synced from {{ data.integrationName }} stays in the hub unless you delete it too.</p>
      @if (data.accessRemoval; as removal) {
        <p class="access-removal">{{ removal.note }}</p>
        <ul class="access-removal-links">
          @for (link of removal.links; track link.url) {
            <li>
              <a [href]="link.url" target="_blank" rel="noopener noreferrer">{{ link.label }}</a>
            </li>
          }
        </ul>
      }
      <mat-checkbox [checked]="purge()" (change)="purge.set($event.checked)">
        Also delete the data synced from this connection
      </mat-checkbox>
      @if (purge()) {
        <p class="warning" role="status">The synced data is deleted for good. This cannot be undone.</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close cdkFocusInitial>Cancel</button>
      <button matButton="filled" type="button" class="confirm" [mat-dialog-close]="{ purge: purge() }">
        {{ purge() ? 'Disconnect and delete data' : 'Disconnect' }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    p {
      margin: 0 0 12px;
    }
    .access-removal-links {
      margin: 0 0 12px;
      padding-left: 20px;
    }
    .warning {
      margin-top: 8px;
      color: var(--mat-sys-error);
    }
    .confirm {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DisconnectDialogComponent {
  protected readonly data = inject<DisconnectDialogData>(MAT_DIALOG_DATA);
  protected readonly purge = signal(false);
}
