export * from './lib/models';
export { StatusChipComponent } from './lib/status-chip/status-chip.component';
export { IntegrationCardComponent } from './lib/integration-card/integration-card.component';
export {
  DisconnectDialogComponent,
  type DisconnectDialogData,
  type DisconnectDialogResult,
} from './lib/disconnect-dialog/disconnect-dialog.component';
export {
  SettingsDialogComponent,
  type SettingsChanges,
  type SettingsDialogData,
} from './lib/settings-dialog/settings-dialog.component';
export {
  CredentialsDialogComponent,
  type CredentialsDialogData,
} from './lib/credentials-dialog/credentials-dialog.component';
