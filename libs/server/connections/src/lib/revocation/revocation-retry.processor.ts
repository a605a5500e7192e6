import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '@hub/server/audit';
import { SecretCipher } from '@hub/server/crypto';
import { PendingRevocationEntity } from '@hub/server/database';
import { QueueWorkers } from '@hub/server/redis';
import { TokenService } from '../tokens/token.service';
import { pendingRevocationRef } from './pending-revocations';
import { REVOCATION_JOB_OPTIONS, REVOCATIONS_QUEUE, type RevocationJob } from './revocation-queue';

/**
 * Retries a revocation that failed at disconnect. The job carries ids; the token is read sealed from
 * PostgreSQL, within the job's workspace. Success or the last attempt deletes the row; both are audited.
 * Runs on QueueWorkers like every other queue: the same lock and stall settings, drain on SIGTERM, metrics.
 */
@Injectable()
export class RevocationRetryProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(RevocationRetryProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly workers: QueueWorkers,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start(REVOCATIONS_QUEUE, (job: Job<RevocationJob>) => this.process(job));
  }

  async process(job: Job<RevocationJob>): Promise<string> {
    const { workspaceId, pendingRevocationId } = job.data;
    const row = await this.dataSource
      .getRepository(PendingRevocationEntity)
      .createQueryBuilder('p')
      .addSelect('p.token')
      .where('p.id = :id AND p.workspace_id = :workspaceId', { id: pendingRevocationId, workspaceId })
      .getOne();
    // Gone (done by an earlier try, or the workspace was deleted), or another workspace's id: nothing to do.
    if (!row) throw new UnrecoverableError('No such pending revocation in this workspace');
    const token = await this.cipher.open(pendingRevocationRef(row), row.token);
    let revoked: boolean | null;
    try {
      revoked = await this.tokens.revokeToken(row.providerId, token, row.tokenTypeHint);
    } catch (error) {
      revoked = false;
      this.logger.warn(
        `Revocation retry ${row.id} for ${row.providerId} failed (${(error as Error).name}); attempt ${job.attemptsMade + 1}`,
      );
    }
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? REVOCATION_JOB_OPTIONS.attempts ?? 1);
    if (revoked === false && !last) {
      await this.dataSource
        .getRepository(PendingRevocationEntity)
        .update({ id: row.id }, { attempts: () => 'attempts + 1', lastError: 'revocation_refused_or_unreachable' });
      throw new Error('The provider did not confirm the revocation');
    }
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(PendingRevocationEntity).delete({ id: row.id });
      await this.audit.record(
        {
          actor: SYSTEM_ACTOR,
          workspaceId,
          action: revoked === false ? 'connection.revocation_abandoned' : 'connection.revocation_retried',
          outcome: revoked === false ? 'failure' : 'success',
          target: { type: 'connection', id: row.connectionId },
          details: { providerId: row.providerId, attempts: job.attemptsMade + 1 },
        },
        m,
      );
    });
    return revoked === false ? 'abandoned' : 'revoked';
  }
}
