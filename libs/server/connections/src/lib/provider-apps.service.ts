import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@hub/server/config';
import { AuditService } from '@hub/server/audit';
import type { Caller } from '@hub/server/auth';
import { SecretCipher, type SecretRef } from '@hub/server/crypto';
import { ProviderAppEntity } from '@hub/server/database';
import { type OAuth2Auth, ProviderRegistry } from '@hub/server/integrations/core';
import { ProviderEndpoints } from './oauth/provider-endpoints';

export type ProviderAppSource = 'database' | 'environment' | 'none';

export interface ProviderAppView {
  providerId: string;
  providerName: string;
  /** Where the credentials in use come from: set in the app, the environment fallback, or nowhere yet. */
  source: ProviderAppSource;
  clientId: string | null;
  hasClientSecret: boolean;
  /** The environment variables that serve as fallback for this provider. */
  environmentVariables: [string, string];
  /** What to enter as redirect URI when registering the app with the provider. */
  redirectUri: string;
  appRegistrationUrl: string;
  updatedAt: Date | null;
}

const secretRef = (providerId: string): SecretRef => ({
  table: 'provider_apps',
  column: 'client_secret',
  rowId: providerId,
  workspaceId: null,
});

/**
 * OAuth app credentials (client id and secret) per provider: set by instance admins, sealed with the
 * instance's data key, with `OAUTH_<APP>_CLIENT_ID/SECRET` from the environment as fallback.
 */
const CONFIGURED_CACHE_MS = 5_000;

@Injectable()
export class ProviderAppsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ProviderRegistry,
    private readonly cipher: SecretCipher,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly endpoints: ProviderEndpoints,
  ) {}

  async list(): Promise<ProviderAppView[]> {
    const stored = new Map(
      (await this.dataSource.getRepository(ProviderAppEntity).find()).map((row) => [row.providerId, row]),
    );
    return this.registry
      .all()
      .filter((p) => p.manifest.auth.kind === 'oauth2')
      .map((p) => this.view(p.manifest.id, stored.get(p.manifest.id) ?? null));
  }

  /**
   * Which providers have app credentials somewhere, so the page can say "not set up yet". Read on every
   * catalog request, so kept for a few seconds (other replicas see a change within that time; this
   * one at once).
   */
  configuredProviderIds(): Promise<Set<string>> {
    if (!this.configured || Date.now() - this.configured.at > CONFIGURED_CACHE_MS) {
      const ids = this.list().then((apps) => new Set(apps.filter((a) => a.source !== 'none').map((a) => a.providerId)));
      this.configured = { at: Date.now(), ids };
      ids.catch(() => (this.configured = undefined));
    }
    return this.configured.ids;
  }

  private configured?: { at: number; ids: Promise<Set<string>> };

  async set(
    caller: Caller,
    providerId: string,
    input: { clientId: string; clientSecret: string },
  ): Promise<ProviderAppView> {
    this.oauth(providerId);
    const saved = await this.dataSource.transaction(async (m) => {
      const clientSecret = await this.cipher.seal(secretRef(providerId), input.clientSecret, m);
      await m
        .getRepository(ProviderAppEntity)
        .upsert({ providerId, clientId: input.clientId.trim(), clientSecret, updatedBy: caller.user?.id ?? null }, [
          'providerId',
        ]);
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          action: 'provider_app.credentials_changed',
          target: { type: 'provider', id: providerId },
          details: { clientId: input.clientId.trim() },
        },
        m,
      );
      return this.view(providerId, await m.getRepository(ProviderAppEntity).findOneByOrFail({ providerId }));
    });
    this.configured = undefined; // after the commit, so no request caches the old answer meanwhile
    return saved;
  }

  async remove(caller: Caller, providerId: string): Promise<void> {
    this.oauth(providerId);
    await this.dataSource.transaction(async (m) => {
      const result = await m.getRepository(ProviderAppEntity).delete({ providerId });
      if (!result.affected)
        throw new NotFoundException({ detail: 'No credentials are set in the app for this provider.' });
      await this.audit.record(
        {
          actor: caller.actor,
          meta: caller.meta,
          action: 'provider_app.credentials_removed',
          target: { type: 'provider', id: providerId },
        },
        m,
      );
    });
    this.configured = undefined;
  }

  /** The client the OAuth engine uses for a provider: the sandbox's stand-in, else `resolve`. */
  async clientFor(providerId: string): Promise<{ clientId: string; clientSecret: string } | null> {
    return this.endpoints.sandboxClient(providerId) ?? this.resolve(providerId);
  }

  /** The credentials the OAuth engine uses: the app's own, else the environment's, else null. */
  async resolve(providerId: string): Promise<{ clientId: string; clientSecret: string } | null> {
    const auth = this.oauth(providerId);
    const row = await this.dataSource
      .getRepository(ProviderAppEntity)
      .createQueryBuilder('a')
      .addSelect('a.clientSecret')
      .where('a.provider_id = :providerId', { providerId })
      .getOne();
    if (row)
      return { clientId: row.clientId, clientSecret: await this.cipher.open(secretRef(providerId), row.clientSecret) };
    const env = this.config.oauthApps.get(auth.appKey);
    return env?.clientId && env.clientSecret ? { clientId: env.clientId, clientSecret: env.clientSecret } : null;
  }

  private oauth(providerId: string): OAuth2Auth {
    const provider = this.registry.find(providerId);
    if (!provider) throw new NotFoundException({ detail: `No integration "${providerId}".` });
    if (provider.manifest.auth.kind !== 'oauth2')
      throw new ConflictException({ detail: `${provider.manifest.name} does not use an OAuth app.` });
    return provider.manifest.auth;
  }

  private view(providerId: string, row: ProviderAppEntity | null): ProviderAppView {
    const provider = this.registry.find(providerId)!;
    const auth = provider.manifest.auth as OAuth2Auth;
    const env = this.config.oauthApps.get(auth.appKey);
    const fromEnv = Boolean(env?.clientId && env.clientSecret);
    return {
      providerId,
      providerName: provider.manifest.name,
      source: row ? 'database' : fromEnv ? 'environment' : 'none',
      clientId: row?.clientId ?? (fromEnv ? env!.clientId! : null),
      hasClientSecret: Boolean(row) || fromEnv,
      environmentVariables: [`OAUTH_${auth.appKey}_CLIENT_ID`, `OAUTH_${auth.appKey}_CLIENT_SECRET`],
      redirectUri: `${this.config.http.publicUrl}/api/integrations/${providerId}/callback`,
      appRegistrationUrl: auth.appRegistrationUrl,
      updatedAt: row?.updatedAt ?? null,
    };
  }
}
