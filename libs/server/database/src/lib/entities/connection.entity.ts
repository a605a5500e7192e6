import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from './user.entity';
import { WorkspaceEntity } from './workspace.entity';
import type { ConnectionStatus, ConnectionStatusReason } from '@hub/shared/contracts';

/** Non-secret facts about the connected account, shown on the card ("Connected as …"). */
export interface AccountMetadata {
  displayName: string;
  email?: string;
  workspaceName?: string;
  url?: string;
  details?: Record<string, string | number | boolean>;
  /** What the card warns about the account, e.g. a database role that can write. */
  warnings?: string[];
}

/**
 * One connected third-party account in a workspace. Credentials (tokens, passwords) live only in the
 * `credentials` ciphertext (docs/security.md §2.1); the rest is metadata the page shows.
 */
@Entity('connections')
@Unique('connections_account_key', ['workspaceId', 'providerId', 'externalAccountId'])
// Lets tenant-owned children (sync runs, records) use a composite foreign key (workspace_id, id).
@Unique('connections_workspace_id_id_key', ['workspaceId', 'id'])
@Check('connections_status_check', `status IN ('ACTIVE', 'ERROR', 'DISCONNECTED')`)
@Check('connections_sync_frequency_check', 'sync_frequency_minutes >= 5')
export class ConnectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'workspace_id' })
  workspaceId!: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: WorkspaceEntity;

  @Column('text', { name: 'provider_id' })
  providerId!: string;

  /** The provider's id for the account (user, team, database); one connection per account. */
  @Column('text', { name: 'external_account_id' })
  externalAccountId!: string;

  @Column('text')
  status!: ConnectionStatus;

  @Column('text', { name: 'status_reason', nullable: true })
  statusReason!: ConnectionStatusReason | null;

  @Column('text', { name: 'status_message', nullable: true })
  statusMessage!: string | null;

  @Column('jsonb')
  account!: AccountMetadata;

  @Column('text', { name: 'granted_scopes', array: true, default: () => "'{}'" })
  grantedScopes!: string[];

  @Column('uuid', { name: 'connected_by', nullable: true })
  connectedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'connected_by' })
  connectedByUser?: UserEntity;

  @Column('timestamptz', { name: 'connected_at' })
  connectedAt!: Date;

  @Column('timestamptz', { name: 'disconnected_at', nullable: true })
  disconnectedAt!: Date | null;

  /** Sealed JSON of the provider's credentials; null once disconnected. */
  @Column('bytea', { nullable: true, select: false })
  credentials!: Buffer | null;

  @Column('timestamptz', { name: 'token_expires_at', nullable: true })
  tokenExpiresAt!: Date | null;

  @Column('boolean', { name: 'has_refresh_token', default: false })
  hasRefreshToken!: boolean;

  /** When the stored tokens were obtained (connect or refresh): the keep-alive refresh finds idle ones by it. */
  @Column('timestamptz', { name: 'tokens_obtained_at', nullable: true })
  tokensObtainedAt!: Date | null;

  /** Bumped on every credentials write; refreshes compare-and-swap on it (docs/security.md §2.2). */
  @Column('integer', { name: 'token_version', default: 0 })
  tokenVersion!: number;

  @Column('boolean', { name: 'sync_enabled', default: true })
  syncEnabled!: boolean;

  @Column('integer', { name: 'sync_frequency_minutes' })
  syncFrequencyMinutes!: number;

  /** What the connection chose to sync (the manifest's `sync.selection`): ids of option records. */
  @Column('text', { name: 'sync_selection', array: true, default: () => "'{}'" })
  syncSelection!: string[];

  @Column('timestamptz', { name: 'last_synced_at', nullable: true })
  lastSyncedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
