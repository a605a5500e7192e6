import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SecretCipher } from '@hub/server/crypto';
import { PendingRevocationEntity } from '@hub/server/database';
import { enqueue } from '@hub/server/redis';
import type { TokenTypeHint } from '../tokens/token.service';
import { pendingRevocationRef } from './pending-revocations';
import { REVOCATION_JOB_OPTIONS, REVOCATIONS_QUEUE } from './revocation-queue';

/**
 * Revocations the provider did not confirm, whatever asked for them (a disconnect, or a reconnect
 * replacing a grant): the token stays sealed in `pending_revocations` and the worker retries it
 * (docs/security.md A12). One path, so both get the same retries.
 */
@Injectable()
export class GrantRevocations {
  private readonly logger = new Logger(GrantRevocations.name);

  constructor(
    private readonly cipher: SecretCipher,
    @InjectQueue(REVOCATIONS_QUEUE) private readonly queue: Queue,
  ) {}

  /** Keeps the token sealed for the retry, in the caller's transaction; answers the row's id. */
  async keep(
    m: EntityManager,
    target: { workspaceId: string; connectionId: string; providerId: string },
    retry: { token: string; tokenTypeHint: TokenTypeHint },
  ): Promise<string> {
    const row = { id: randomUUID(), workspaceId: target.workspaceId };
    await m.getRepository(PendingRevocationEntity).insert({
      ...row,
      connectionId: target.connectionId,
      providerId: target.providerId,
      token: await this.cipher.seal(pendingRevocationRef(row), retry.token, m),
      tokenTypeHint: retry.tokenTypeHint,
    });
    return row.id;
  }

  /** After the kept row committed: queue its retry (ids only). If Redis is down the row stays for later. */
  async retryLater(workspaceId: string, pendingRevocationId: string): Promise<void> {
    await enqueue(
      this.queue,
      'revoke',
      { workspaceId, pendingRevocationId },
      { ...REVOCATION_JOB_OPTIONS, jobId: pendingRevocationId },
    ).catch((error: Error) =>
      this.logger.warn(`Could not queue the revocation retry ${pendingRevocationId}: ${error.name}`),
    );
  }
}
