import { Global, Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HUB_DATABASE_IDENTITY, type HubDatabaseIdentity, type HubDatabaseMarker } from '@hub/server/integrations/core';

/** Where migration HubInstance1764200000000 writes the marker. */
export const HUB_INSTANCE_TABLE = 'hub_instance';

/**
 * The hub's own database marker (ADR 0009), read from the hub's database on first use and kept: it
 * never changes. Not read at boot, so a process that has not migrated yet still starts; until the
 * marker can be read every customer connection is refused.
 */
@Injectable()
export class HubDatabaseMarkerReader implements HubDatabaseIdentity {
  private known: HubDatabaseMarker | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async marker(): Promise<HubDatabaseMarker> {
    if (this.known) return this.known;
    // The table the hub's search_path finds, i.e. the one its migrations made.
    const [row] = (await this.dataSource.query(
      `SELECT pg_catalog.obj_description(pg_catalog.to_regclass($1), 'pg_class') AS comment`,
      [HUB_INSTANCE_TABLE],
    )) as { comment: string | null }[];
    if (!row?.comment) throw new Error(`The hub's database has no ${HUB_INSTANCE_TABLE} marker: run the migrations.`);
    this.known = { table: HUB_INSTANCE_TABLE, comment: row.comment };
    return this.known;
  }
}

/** Gives the provider modules the hub's database identity (`HUB_DATABASE_IDENTITY`); global, as they resolve it from their own scope. */
@Global()
@Module({
  providers: [HubDatabaseMarkerReader, { provide: HUB_DATABASE_IDENTITY, useExisting: HubDatabaseMarkerReader }],
  exports: [HUB_DATABASE_IDENTITY],
})
export class HubDatabaseIdentityModule {}
