import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@hub/server/audit';
import type { WorkspaceCaller } from '@hub/server/auth';
import { SecretCipher } from '@hub/server/crypto';
import { type AccountMetadata, ConnectionEntity } from '@hub/server/database';
import { type IntegrationProvider, ProviderRegistry } from '@hub/server/integrations/core';
import { ConnectionStates, type ConnectionTransition, SyncRecordsService, SyncRunsService } from '@hub/server/sync';
import { ConnectionLifecycle } from './connection-lifecycle';
import { ConnectionsRepository } from './connections.repository';
import { toAccountMetadata, toConnectionView, type ConnectionView } from './connection-view';
import { credentialsRef } from './credentials-ref';
import { type FieldError, validateCredentials } from './credential-form';
import { ConnectionTestLimiter } from './connection-test-limiter';
import { TokenService } from './tokens/token.service';
import { GrantRevocations } from './revocation/grant-revocations';

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
    private readonly revocations: GrantRevocations,
    private readonly lifecycle: ConnectionLifecycle,
    private readonly testLimiter: ConnectionTestLimiter,
    private readonly states: ConnectionStates,
    private readonly syncRuns: SyncRunsService,
    private readonly syncRecords: SyncRecordsService,
  ) {}

  async get(caller: WorkspaceCaller, id: string): Promise<ConnectionView> {
    const connection = await this.mustFind(caller.workspaceId, id);
    return toConnectionView(connection, await this.connections.latestRun(caller.workspaceId, id));
  }

  async list(caller: WorkspaceCaller): Promise<ConnectionView[]> {
    const listed = await this.connections.listWithLatestRun(caller.workspaceId);
    return listed.map(({ connection, latestRun }) => toConnectionView(connection, latestRun));
  }

  async updateSettings(
    caller: WorkspaceCaller,
    id: string,
    changes: { syncEnabled?: boolean; syncFrequencyMinutes?: number; syncSelection?: string[] },
  ): Promise<ConnectionView> {
    const view = await this.dataSource.transaction(async (m) => {
      const connection = await this.connections.findForUpdate(caller.workspaceId, id, m);
      if (!connection) throw this.notFound();
      const settings = (c: ConnectionEntity) => ({
        syncEnabled: c.syncEnabled,
        syncFrequencyMinutes: c.syncFrequencyMinutes,
        syncSelection: c.syncSelection,
      });
      const before = settings(connection);
      if (changes.syncSelection) {
        changes = { ...changes, syncSelection: await this.checkedSelection(connection, changes.syncSelection, m) };
      }
      Object.assign(connection, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      const saved = await m.getRepository(ConnectionEntity).save(connection);
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          workspaceId: caller.workspaceId,
          action: 'connection.updated',
          target: { type: 'connection', id },
          details: { providerId: connection.providerId, before, after: settings(saved) },
        },
        m,
      );
      return toConnectionView(saved);
    });
    await this.lifecycle.changed({ workspaceId: caller.workspaceId, connectionId: id });
    return view;
  }

  /**
   * A selection the provider can sync (manifest `sync.selection`): each id a current record of the
   * options resource that does not say `syncable: false`, at most `max`. The next run syncs it; the
   * provider notices the change from its cursor.
   */
  private async checkedSelection(connection: ConnectionEntity, ids: string[], m: EntityManager): Promise<string[]> {
    const spec = this.registry.find(connection.providerId)?.manifest.sync?.selection;
    const unique = [...new Set(ids)];
    const errors: FieldError[] = [];
    if (!spec) errors.push({ field: 'syncSelection', message: 'This integration has nothing to select.' });
    else if (unique.length > spec.max) {
      errors.push({ field: 'syncSelection', message: `At most ${spec.max} can be selected.` });
    } else {
      const options = await this.syncRecords.choices(
        { workspaceId: connection.workspaceId, connectionId: connection.id },
        spec.optionsResource,
        unique,
        m,
      );
      ids.forEach((id, i) => {
        const option = options.get(id);
        if (!option)
          errors.push({
            field: `syncSelection.${i}`,
            message: `${id} is not one of the current choices for “${spec.label}”; a sync refreshes them.`,
          });
        else if (option.syncable === false)
          errors.push({
            field: `syncSelection.${i}`,
            message: `${id} cannot be synced: ${option.reason ?? 'the provider says so'}`,
          });
      });
    }
    if (errors.length > 0) throw invalidFields(errors);
    return unique.sort();
  }

  /**
   * Disconnects: the credentials are deleted and the status is DISCONNECTED; what was synced stays
   * unless `purge`, which removes the connection and everything synced with it.
   */
  async disconnect(caller: WorkspaceCaller, id: string, { purge = false } = {}): Promise<void> {
    // Revoke at the provider first, then delete the credentials, then audit (docs/security.md A12). A
    // revocation the provider did not confirm keeps its token sealed for the background retry.
    const revocation = (await this.connections.find(caller.workspaceId, id))
      ? await this.tokens.revoke({ workspaceId: caller.workspaceId, connectionId: id })
      : null;
    let pendingId: string | null = null;
    let transition: ConnectionTransition | null = null;
    await this.dataSource.transaction(async (m) => {
      const connection = await this.connections.findForUpdate(caller.workspaceId, id, m);
      if (!connection) throw this.notFound();
      const ref = { workspaceId: caller.workspaceId, connectionId: id };
      // A sync under way stops after its page and ends CANCELLED: it has no credentials to go on with.
      await this.syncRuns.cancelUnderWay(ref, m);
      transition = purge ? await this.states.purge(ref, m) : await this.states.disconnect(ref, m);
      if (revocation?.retry)
        pendingId = await this.revocations.keep(
          m,
          { workspaceId: caller.workspaceId, connectionId: id, providerId: connection.providerId },
          revocation.retry,
        );
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
    });
    await this.lifecycle.changed({ workspaceId: caller.workspaceId, connectionId: id }, transition);
    if (pendingId) await this.revocations.retryLater(caller.workspaceId, pendingId);
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
    const { provider, values } = await this.checkedCredentials(caller, providerId, input);
    const check = await this.test(caller, provider, values);
    if (!check.ok) throw new UnprocessableEntityException({ detail: check.message });
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
      const { id, transition } = await this.connections.saveConnected(m, {
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
      return { connection: toConnectionView(saved), created: !existing, transition };
    });
    await this.lifecycle.connected(
      { workspaceId: caller.workspaceId, connectionId: result.connection.id },
      caller.user?.id ?? null,
      result.transition,
    );
    return { connection: result.connection, created: result.created };
  }

  /**
   * Tries credentials without saving them ("Test connection"): checked exactly as connecting checks
   * them, limited per workspace and person, and answered with the account or the provider's one
   * generic message. With `connectionId`, secrets left out are the stored ones.
   */
  async testCredentials(
    caller: WorkspaceCaller,
    providerId: string,
    input: { credentials: Record<string, unknown>; connectionId?: string },
  ): Promise<{ ok: true; account: AccountMetadata } | { ok: false; message: string }> {
    const { provider, values } = await this.checkedCredentials(caller, providerId, input);
    const check = await this.test(caller, provider, values);
    // A destination the hub refuses (its own database) is no failed test: 422, as saving answers.
    if (!check.ok && check.refused) throw new UnprocessableEntityException({ detail: check.message });
    return check.ok ? { ok: true, account: toAccountMetadata(check.account) } : { ok: false, message: check.message };
  }

  /**
   * The provider's check, which every route that connects somewhere goes through: limited per person
   * and per workspace (docs/security.md E5), and a failure is audited (who tried which provider, never the
   * fields).
   */
  private async test(caller: WorkspaceCaller, provider: IntegrationProvider, values: Record<string, unknown>) {
    await this.testLimiter.consume(caller);
    const check = await provider.testCredentials!({ credentials: values });
    if (!check.ok) {
      await this.audit.record({
        actor: caller.actor,
        meta: caller.meta,
        workspaceId: caller.workspaceId,
        action: 'connection.test_failed',
        outcome: 'failure',
        ...(check.refused ? { reason: check.refused } : {}),
        target: { type: 'provider', id: provider.manifest.id },
      });
    }
    return check;
  }

  /** The form's fields checked against the manifest (400 with field errors), secrets kept on edit. */
  private async checkedCredentials(
    caller: WorkspaceCaller,
    providerId: string,
    input: { credentials: Record<string, unknown>; connectionId?: string },
  ): Promise<{ provider: IntegrationProvider; values: Record<string, string | number | boolean> }> {
    const provider = this.credentialsProvider(providerId);
    const fields = provider.manifest.auth.kind === 'credentials' ? provider.manifest.auth.fields : [];
    const previous = input.connectionId
      ? await this.storedCredentials(caller.workspaceId, providerId, input.connectionId)
      : null;
    const { values, errors, refusedReuse } = validateCredentials(fields, input.credentials, previous);
    if (refusedReuse) {
      // Someone tried to send a stored secret somewhere else: worth a line in the audit log.
      await this.audit.record({
        actor: caller.actor,
        meta: caller.meta,
        workspaceId: caller.workspaceId,
        action: 'security.secret_reuse_refused',
        outcome: 'denied',
        reason: 'destination_changed',
        target: { type: 'connection', id: input.connectionId! },
        details: { providerId, reenter: refusedReuse.secrets, changed: refusedReuse.changed },
      });
    }
    if (errors.length > 0) throw invalidFields(errors);
    return { provider, values };
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

/** 400 problem+json naming each bad field. */
function invalidFields(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    detail: `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`,
    errors,
  });
}
