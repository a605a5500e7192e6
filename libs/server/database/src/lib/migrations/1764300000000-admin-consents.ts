import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A workspace's standing with a provider that needs an organisation administrator's approval (issue 19). */
export class AdminConsents1764300000000 implements MigrationInterface {
  name = 'AdminConsents1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "admin_consents" ("workspace_id" uuid NOT NULL, "provider_id" text NOT NULL, "status" text NOT NULL, "tenant_id" text, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "admin_consents_status_check" CHECK ("status" IN ('required', 'granted')), CONSTRAINT "admin_consents_pkey" PRIMARY KEY ("workspace_id", "provider_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "admin_consents" ADD CONSTRAINT "admin_consents_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "admin_consents" ADD CONSTRAINT "admin_consents_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "admin_consents"`);
  }
}
