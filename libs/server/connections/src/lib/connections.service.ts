import {
  BadRequestException,
  Logger,
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '@hub/server/audit';
import type { WorkspaceCaller } from '@hub/server/auth';
import { SecretCipher } from '@hub/server/crypto';
import { ConnectionEntity, PendingRevocationEntity } from '@hub/server/database';
import { enqueue } from '@hub/server/redis';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { type IntegrationProvider, ProviderRegistry } from '@hub/server/integrations/core';
import { ConnectionLifecycle } from './connection-lifecycle';
import { ConnectionsRepository } from './connections.repository';
import { toConnectionView, type ConnectionView } from './connection-view';
import { credentialsRef } from './credentials-ref';
import { validateCredentials } from './credential-form';
import { TokenService } from './tokens/token.service';
import { pendingRevocationRef } from './revocation/pending-revocations';
import { REVOCATION_JOB_OPTIONS, REVOCATIONS_QUEUE } from './revocation/revocation-queue';

const DEFAULT_SYNC_FREQUENCY_MINUTES = 60;

/** Connections of the caller's workspace: read, change sync settings, disconnect, connect by form. */
@Injectable()
export class ConnectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionsRepository,
    private readonly registry: ProviderRegistry,
    private readonly cipher: SecretCipher,
    private readonly audit: AuditService,
    private readonly tokens: TokenService,
    @InjectQueue(REVOCATIONS_QUEUE) private readonly revocations: Queue,
    private readonly lifecycle: ConnectionLifecycle,
  ) {}

  private readonly logger = new Logger(ConnectionsService.name);

  async get(caller: WorkspaceCaller, id: string): Promise<ConnectionView> {
    const connection = await this.mustFind(caller.workspaceId, id);
    const latest = await this.connections.latestRuns(caller.workspaceId, [id]);
    return toConnectionView(connection, latest.get(id));
  }

  async list(caller: WorkspaceCaller): Promise<ConnectionView[]> {
    const connections = await this.connections.list(caller.workspaceId);
    const latest = await this.connections.latestRuns(
      caller.workspaceId,
      connections.map((c) => c.id),
    );
    return connections.map((c) => toConnectionView(c, latest.get(c.id)));
  }

  async updateSettings(
    caller: WorkspaceCaller,
    id: string,
    changes: { syncEnabled?: boolean; syncFrequencyMinutes?: number },
  ): Promise<ConnectionView> {
    const view = await this.dataSource.transaction(async (m) => {
      const connection = await this.connections.findForUpdate(caller.workspaceId, id, m);
      if (!connection) throw this.notFound();
      const before = { syncEnabled: connection.syncEnabled, syncFrequencyMinutes: connection.syncFrequencyMinutes };
      Object.assign(connection, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      const saved = await m.getRepository(ConnectionEntity).save(connection);
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'connection.updated',
          target: { type: 'connection', id },
          details: {
            providerId: connection.providerId,
            before,
            after: { syncEnabled: saved.syncEnabled, syncFrequencyMinutes: saved.syncFrequencyMinutes },
          },
        },
        m,
      );
      return toConnectionView(saved);
    });
    await this.lifecycle.changed({ workspaceId: caller.workspaceId, connectionId: id });
    return view;
  }

  /**
   * Disconnects: the credentials are deleted and the status is DISCONNECTED; what was synced stays
   * unless `purge`, which removes the connection and everything synced with it.
   */
  async disconnect(caller: WorkspaceCaller, id: string, { purge = false } = {}): Promise<void> {
    // Revoke at the provider first, then delete the credentials, then audit (SECURITY.md A12). A
    // revocation the provider did not confirm keeps its token sealed for the background retry.
    const revocation = (await this.connections.find(caller.workspaceId, id))
      ? await this.tokens.revoke({ workspaceId: caller.workspaceId, connectionId: id })
      : null;
    const pendingId = revocation?.retry ? randomUUID() : null;
    await this.dataSource.transaction(async (m) => {
      const connection = await this.connections.findForUpdate(caller.workspaceId, id, m);
      if (!connection) throw this.notFound();
      if (purge) {
        await m.getRepository(ConnectionEntity).delete({ workspaceId: caller.workspaceId, id });
      } else {
        await m.getRepository(ConnectionEntity).update(
          { workspaceId: caller.workspaceId, id },
          {
            status: 'DISCONNECTED',
            statusReason: 'DISCONNECTED_BY_USER',
            statusMessage: null,
            credentials: null,
            tokenExpiresAt: null,
            hasRefreshToken: false,
            disconnectedAt: new Date(),
            tokenVersion: () => 'token_version + 1',
          },
        );
      }
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'connection.disconnected',
          target: { type: 'connection', id },
          details: {
            providerId: connection.providerId,
            purged: purge,
            revocation: revocation?.outcome ?? null,
            revocationRetry: Boolean(pendingId),
          },
        },
        m,
      );
      if (pendingId && revocation?.retry) {
        const row = { id: pendingId, workspaceId: caller.workspaceId };
        await m.getRepository(PendingRevocationEntity).insert({
          ...row,
          connectionId: id,
          providerId: connection.providerId,
          token: await this.cipher.seal(pendingRevocationRef(row), revocation.retry.token, m),
          tokenTypeHint: revocation.retry.tokenTypeHint,
        });
      }
    });
    await this.lifecycle.changed({ workspaceId: caller.workspaceId, connectionId: id });
    if (pendingId) {
      // If Redis is down the row stays; the retry is queued when it can be (ids only in the job).
      await enqueue(
        this.revocations,
        'revoke',
        { workspaceId: caller.workspaceId, pendingRevocationId: pendingId },
        { ...REVOCATION_JOB_OPTIONS, jobId: pendingId },
      ).catch((error: Error) => this.logger.warn(`Could not queue the revocation retry ${pendingId}: ${error.name}`));
    }
  }

  /**
   * Connects a credentials-form provider (PostgreSQL): the fields are checked against the manifest,
   * tested by the provider, and sealed. The same account again updates its connection; with
   * `connectionId`, secrets left empty keep their stored value.
   */
  async connectWithCredentials(
    caller: WorkspaceCaller,
    providerId: string,
    input: { credentials: Record<string, unknown>; connectionId?: string },
  ): Promise<{ connection: ConnectionView; created: boolean }> {
    const provider = this.credentialsProvider(providerId);
    const fields = provider.manifest.auth.kind === 'credentials' ? provider.manifest.auth.fields : [];
    const previous = input.connectionId
      ? await this.storedCredentials(caller.workspaceId, providerId, input.connectionId)
      : null;
    const { values, errors } = validateCredentials(fields, input.credentials, previous);
    if (errors.length > 0) {
      throw new BadRequestException({
        detail: `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`,
        errors,
      });
    }
    const check = await provider.testCredentials!({ credentials: values });
    if (!check.ok) {
      await this.audit.record({
        actor: caller.actor,
        meta: caller.meta,
        workspaceId: caller.workspaceId,
        action: 'connection.test_failed',
        outcome: 'failure',
        target: { type: 'provider', id: providerId },
      });
      throw new UnprocessableEntityException({ detail: check.message });
    }
    const account = check.account;
    const result = await this.dataSource.transaction(async (m) => {
      const existing = input.connectionId
        ? await this.connections.findForUpdate(caller.workspaceId, input.connectionId, m)
        : await this.connections.findByAccount(caller.workspaceId, providerId, account.externalAccountId, m);
      if (existing && existing.externalAccountId !== account.externalAccountId) {
        const other = await this.connections.findByAccount(
          caller.workspaceId,
          providerId,
          account.externalAccountId,
          m,
        );
        if (other && other.id !== existing.id)
          throw new ConflictException({ detail: 'Another connection already uses this account.' });
      }
      const { id } = await this.connections.saveConnected(m, {
        workspaceId: caller.workspaceId,
        providerId,
        existing,
        account,
        sealCredentials: (rowId) =>
          this.cipher.seal(credentialsRef({ id: rowId, workspaceId: caller.workspaceId }), JSON.stringify(values), m),
        connectedBy: caller.user?.id ?? null,
        syncFrequencyMinutes: provider.manifest.sync?.defaultFrequencyMinutes ?? DEFAULT_SYNC_FREQUENCY_MINUTES,
      });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: existing ? 'connection.updated' : 'connection.created',
          target: { type: 'connection', id },
          // Which fields were given, never their values.
          details: { providerId, externalAccountId: account.externalAccountId, fields: Object.keys(values).sort() },
        },
        m,
      );
      const saved = await m.getRepository(ConnectionEntity).findOneByOrFail({ id, workspaceId: caller.workspaceId });
      return { connection: toConnectionView(saved), created: !existing };
    });
    await this.lifecycle.connected(
      { workspaceId: caller.workspaceId, connectionId: result.connection.id },
      caller.user?.id ?? null,
    );
    return result;
  }

  private credentialsProvider(providerId: string): IntegrationProvider {
    const known = this.registry.find(providerId);
    if (!known) throw new NotFoundException({ detail: `No integration "${providerId}".` });
    const provider = this.registry.connectable(providerId);
    if (!provider)
      throw new ConflictException({ detail: `${known.manifest.name} is coming soon and cannot be connected yet.` });
    if (provider.manifest.auth.kind !== 'credentials') {
      throw new ConflictException({
        detail: `${provider.manifest.name} connects through its sign-in page, not a form.`,
      });
    }
    return provider;
  }

  private async storedCredentials(
    workspaceId: string,
    providerId: string,
    id: string,
  ): Promise<Record<string, unknown> | null> {
    const connection = await this.dataSource
      .getRepository(ConnectionEntity)
      .createQueryBuilder('c')
      .addSelect('c.credentials')
      .where('c.workspace_id = :workspaceId AND c.id = :id', { workspaceId, id })
      .getOne();
    if (!connection || connection.providerId !== providerId) throw this.notFound();
    if (!connection.credentials) return null;
    return JSON.parse(await this.cipher.open(credentialsRef(connection), connection.credentials)) as Record<
      string,
      unknown
    >;
  }

  private async mustFind(workspaceId: string, id: string): Promise<ConnectionEntity> {
    const connection = await this.connections.find(workspaceId, id);
    if (!connection) throw this.notFound();
    return connection;
  }

  private notFound() {
    return new NotFoundException({ detail: 'No such connection in this workspace.' });
  }
}
