import type { components } from './api.types';

type Schemas = components['schemas'];

/* The API's shapes by name, as openapi/api.json documents them. */
export type Account = Schemas['AccountDto'];
export type SyncRun = Schemas['SyncRunDto'];
export type SyncCounts = Schemas['SyncCountsDto'];
export type CredentialField = Schemas['CredentialFieldDto'];
export type SyncedRecord = Schemas['SyncedRecordDto'];
export type RecordChanges = Schemas['RecordChangesDto'];
export type UpdateConnection = Schemas['UpdateConnectionDto'];
export type Connection = Schemas['ConnectionDto'];
export type Integration = Schemas['IntegrationDto'];
export type IntegrationCategoryGroup = Schemas['IntegrationCategoryDto'];
export type IntegrationCatalog = Schemas['IntegrationCatalogDto'];
export type SessionUser = Schemas['SessionUserDto'];
export type Workspace = Schemas['WorkspaceDto'];
export type Session = Schemas['SessionDto'];
/** What a connection picks before syncing (e.g. PostgreSQL tables): records of `optionsResource`. */
export type SyncSelection = Schemas['SyncSelectionDto'];

/** The credentials a form sends: field key to value (secret fields left out keep their saved value). */
export type Credentials = Record<string, string | number | boolean>;

/**
 * `POST /api/integrations/{provider}/credentials/test` (CredentialsTestResultDto), narrowed to what
 * its documentation promises: an account when ok, one message when not.
 */
export type CredentialsTestResult = { ok: true; account: Account } | { ok: false; message: string };
