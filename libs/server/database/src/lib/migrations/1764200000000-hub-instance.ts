import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mark by which the safe connectors recognise the hub's own database, however it is addressed
 * (issue 15, finding 11; ADR 0009): one random id, kept in a row and written as the table's comment,
 * because the catalog (`pg_description`) can be read by any role that may connect, and replicas and
 * dumps carry it along.
 */
export class HubInstance1764200000000 implements MigrationInterface {
  name = 'HubInstance1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "hub_instance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "only_row" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "hub_instance_pkey" PRIMARY KEY ("id"), CONSTRAINT "hub_instance_only_row_key" UNIQUE ("only_row"), CONSTRAINT "hub_instance_only_row_check" CHECK ("only_row"))`,
    );
    await queryRunner.query(`INSERT INTO "hub_instance" DEFAULT VALUES`);
    // COMMENT takes no parameters: the id goes in as a quoted literal.
    await queryRunner.query(
      `DO $$ BEGIN EXECUTE format('COMMENT ON TABLE "hub_instance" IS %L', 'integrations-hub database ' || (SELECT "id" FROM "hub_instance")); END $$`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "hub_instance"`);
  }
}
