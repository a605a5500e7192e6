import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tokens whose revocation at disconnect failed, kept sealed for the background retry (issue 4). */
export class PendingRevocations1763800000000 implements MigrationInterface {
  name = 'PendingRevocations1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pending_revocations" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "connection_id" uuid NOT NULL, "provider_id" text NOT NULL, "token" bytea NOT NULL, "token_type_hint" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22433c65b0b72bb5419d4d2df93" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "pending_revocations_workspace_id_idx" ON "pending_revocations" ("workspace_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "pending_revocations" ADD CONSTRAINT "FK_07730642fd1dd726a97acfa66cf" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pending_revocations"`);
  }
}
