import { ConflictException, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@hub/server/audit';
import type { Caller } from '@hub/server/auth';
import { AppConfig, parseCidrList } from '@hub/server/config';
import { ConnectorNetworkEntity } from '@hub/server/database';
import type { ConnectorNetworkPolicy } from '@hub/server/integrations/core';

/** How long a process trusts the stored list: a change reaches every api and worker within this. */
const CACHE_MS = 5_000;

export interface ConnectorNetworksView {
  /** From `CONNECTOR_ALLOWED_NETWORKS`: changed in the deployment, not here. */
  readonly configured: readonly string[];
  readonly added: readonly { cidr: string; description: string; createdAt: Date }[];
}

/**
 * The private networks the safe connectors may reach (docs/security.md E4): the deployment's
 * `CONNECTOR_ALLOWED_NETWORKS` plus what instance admins added here, each change audited. Anything
 * private outside them stays refused.
 */
@Injectable()
export class ConnectorNetworks implements ConnectorNetworkPolicy {
  private readonly logger = new Logger(ConnectorNetworks.name);
  private cached?: { readonly until: number; readonly networks: Promise<readonly string[]> };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  allowedNetworks(): Promise<readonly string[]> {
    if (!this.cached || this.cached.until < Date.now()) {
      this.cached = { until: Date.now() + CACHE_MS, networks: this.load() };
    }
    return this.cached.networks;
  }

  async list(): Promise<ConnectorNetworksView> {
    const rows = await this.repo().find({ order: { createdAt: 'ASC' } });
    return {
      configured: this.config.connector.allowedNetworks,
      added: rows.map(({ cidr, description, createdAt }) => ({ cidr, description, createdAt })),
    };
  }

  async add(caller: Caller, input: { cidr: string; description?: string }): Promise<ConnectorNetworksView> {
    const cidr = normalise(input.cidr);
    await this.dataSource.transaction(async (m) => {
      const inserted = (await m.query(
        `INSERT INTO connector_networks (cidr, description, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (cidr) DO NOTHING RETURNING cidr`,
        [cidr, input.description?.trim() ?? '', caller.user?.id ?? null],
      )) as unknown[];
      if (inserted.length === 0) throw new ConflictException({ detail: `${cidr} is already allowed.` });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          action: 'connector_network.added',
          target: { type: 'connector_network', id: cidr },
          details: { description: input.description?.trim() ?? '' },
        },
        m,
      );
    });
    this.cached = undefined;
    return this.list();
  }

  async remove(caller: Caller, cidrParam: string): Promise<void> {
    const cidr = normalise(cidrParam);
    await this.dataSource.transaction(async (m) => {
      const { affected } = await m.getRepository(ConnectorNetworkEntity).delete({ cidr });
      if (!affected) throw new NotFoundException({ detail: `${cidr} is not in the list.` });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          action: 'connector_network.removed',
          target: { type: 'connector_network', id: cidr },
        },
        m,
      );
    });
    this.cached = undefined;
  }

  private async load(): Promise<readonly string[]> {
    try {
      const rows = await this.repo().find({ select: { cidr: true } });
      return [...this.config.connector.allowedNetworks, ...rows.map((row) => row.cidr)];
    } catch (error) {
      // Deny by default: without the stored list only the deployment's own applies, until it reads again.
      this.logger.warn(`Could not read the allowed connector networks: ${(error as Error).message}`);
      this.cached = undefined;
      return this.config.connector.allowedNetworks;
    }
  }

  private repo() {
    return this.dataSource.getRepository(ConnectorNetworkEntity);
  }
}

/** `10.20.0.0/16` for `10.20.0.0/16`; a 400-class problem for anything else, or a /0 that would allow every address. */
function normalise(input: string): string {
  const [cidr] = parseCidrList(input) ?? [];
  if (!cidr || input.includes(',')) {
    throw new UnprocessableEntityException({
      detail: 'Give one network as a CIDR, e.g. 10.20.0.0/16 or fd12:3456::/48.',
      errors: [{ field: 'cidr', message: 'must be a CIDR such as 10.20.0.0/16' }],
    });
  }
  if (cidr.endsWith('/0')) {
    throw new UnprocessableEntityException({
      detail: 'A /0 would allow every address; add the private networks you need one by one.',
      errors: [{ field: 'cidr', message: 'must not be /0' }],
    });
  }
  return cidr;
}
