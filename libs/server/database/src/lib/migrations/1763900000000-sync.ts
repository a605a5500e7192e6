import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sync runs, synced records and their cursors (issue 5), and when a connection's tokens were
 * obtained (for the keep-alive refresh).
 */
export class Sync1763900000000 implements MigrationInterface {
  name = 'Sync1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sync_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspace_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "provider_id" text NOT NULL, "trigger" text NOT NULL, "status" text NOT NULL, "requested_by" uuid, "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "added" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "unchanged" integer NOT NULL DEFAULT '0', "deleted" integer NOT NULL DEFAULT '0', "pages" integer NOT NULL DEFAULT '0', "resource" text, "starts" integer NOT NULL DEFAULT '0', "starts_without_progress" integer NOT NULL DEFAULT '0', "error_code" text, "error_message" text, "retry_at" TIMESTAMP WITH TIME ZONE, "cancel_requested_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "sync_runs_trigger_check" CHECK (trigger IN ('MANUAL', 'SCHEDULED', 'INITIAL')), CONSTRAINT "sync_runs_status_check" CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')), CONSTRAINT "PK_adf13fff41a683b3b991fb90b11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "sync_runs_status_idx" ON "sync_runs"("status") WHERE status IN ('QUEUED', 'RUNNING')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "sync_runs_one_queued_key" ON "sync_runs"("connection_id") WHERE status = 'QUEUED'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "sync_runs_one_running_key" ON "sync_runs"("connection_id") WHERE status = 'RUNNING'`,
    );
    await queryRunner.query(
      `CREATE INDEX "sync_runs_connection_queued_at_idx" ON "sync_runs"("connection_id", "queued_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_records" ("workspace_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "resource" text NOT NULL, "external_id" text NOT NULL, "data" jsonb NOT NULL, "content_hash" text NOT NULL, "last_action" text NOT NULL, "change_seq" bigint NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "seen_pass" uuid, CONSTRAINT "sync_records_last_action_check" CHECK (last_action IN ('ADDED', 'UPDATED', 'DELETED')), CONSTRAINT "PK_09980ffddad79c4a41471b47f13" PRIMARY KEY ("workspace_id", "connection_id", "resource", "external_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "sync_records_change_stream_idx" ON "sync_records"("connection_id", "change_seq") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_cursors" ("workspace_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "resource" text NOT NULL, "cursor" text, "pass_id" uuid, "pass_full" boolean NOT NULL DEFAULT true, "last_completed_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_809a3852f1658a95142d43ebd2c" PRIMARY KEY ("workspace_id", "connection_id", "resource"))`,
    );
    await queryRunner.query(`ALTER TABLE "connections" ADD "tokens_obtained_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "sync_runs" ADD CONSTRAINT "FK_ad3c54f4633e0a678859deefb68" FOREIGN KEY ("connection_id", "workspace_id") REFERENCES "connections"("id","workspace_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_records" ADD CONSTRAINT "FK_8d9f5d6c172927e89ff8cef5ae3" FOREIGN KEY ("connection_id", "workspace_id") REFERENCES "connections"("id","workspace_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_cursors" ADD CONSTRAINT "FK_c08dd4f5d5bb71a192b5ccc24ed" FOREIGN KEY ("connection_id", "workspace_id") REFERENCES "connections"("id","workspace_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // The change stream's order: a sequence, taken only when a record changes (see SyncRecordEntity).
    await queryRunner.query(`CREATE SEQUENCE "sync_records_change_seq" AS bigint`);
    // Room on each page for re-syncs to rewrite a row in place (HOT updates: no index churn).
    await queryRunner.query(`ALTER TABLE "sync_records" SET (fillfactor = 80)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SEQUENCE "sync_records_change_seq"`);
    await queryRunner.query(`DROP TABLE "sync_cursors"`);
    await queryRunner.query(`DROP TABLE "sync_records"`);
    await queryRunner.query(`DROP TABLE "sync_runs"`);
    await queryRunner.query(`ALTER TABLE "connections" DROP COLUMN "tokens_obtained_at"`);
  }
}
