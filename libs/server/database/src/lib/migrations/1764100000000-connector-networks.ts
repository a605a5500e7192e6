import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Private networks instance admins allow the safe connectors to reach (docs/security.md E4, issue 6). */
export class ConnectorNetworks1764100000000 implements MigrationInterface {
  name = 'ConnectorNetworks1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "connector_networks" ("cidr" text NOT NULL, "description" text NOT NULL DEFAULT '', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "connector_networks_pkey" PRIMARY KEY ("cidr"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "connector_networks" ADD CONSTRAINT "connector_networks_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "connector_networks"`);
  }
}
