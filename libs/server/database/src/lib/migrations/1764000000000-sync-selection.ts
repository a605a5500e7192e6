import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a connection chose to sync, e.g. PostgreSQL's tables (issue 6). */
export class SyncSelection1764000000000 implements MigrationInterface {
  name = 'SyncSelection1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "connections" ADD "sync_selection" text array NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "connections" DROP COLUMN "sync_selection"`);
  }
}
