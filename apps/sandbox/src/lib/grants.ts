import type ProviderClass from 'oidc-provider';
import { loadOidcProvider } from './oidc-provider';

export interface MintedGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds the access token lives (the runtime `accessTokenTtlSeconds`). */
  readonly expiresIn: number;
  readonly scope: string;
}

export interface MintOptions {
  readonly accountId: string;
  readonly clientId: string;
  /** Space-separated, already checked against the provider's scopes. */
  readonly scope: string;
  readonly count: number;
}

/**
 * Creates `count` grants in oidc-provider's store as if `accountId` had consented to `clientId`, each
 * with an access and a refresh token, without the browser flow: for benchmarks that need many
 * connections. The tokens carry the same fields the authorization_code grant gives its own
 * (oidc-provider lib/actions/grants/authorization_code.js), so the token endpoint refreshes, rotates,
 * detects reuse and revokes them exactly like the ones from a real sign-in.
 */
export async function mintGrants(provider: ProviderClass, options: MintOptions): Promise<MintedGrant[]> {
  const { toLibraryRealm } = loadOidcProvider();
  const { accountId, clientId, scope, count } = options;
  const client = await provider.Client.find(clientId);
  if (!client) throw new Error(`No client ${clientId}`);
  const minted: MintedGrant[] = [];
  for (let i = 0; i < count; i++) {
    const grant = new provider.Grant(toLibraryRealm({ accountId, clientId }));
    grant.addOIDCScope(scope);
    const grantId = await grant.save();
    // As the sandbox's configuration issues them: gty of the code flow, not bound to a browser session.
    const common = { accountId, client, grantId, gty: 'authorization_code', scope, expiresWithSession: false };
    const refreshToken = await new provider.RefreshToken(toLibraryRealm({ ...common, rotations: 0 })).save();
    const accessToken = new provider.AccessToken(toLibraryRealm(common));
    const accessTokenValue = await accessToken.save();
    minted.push({ accessToken: accessTokenValue, refreshToken, expiresIn: accessToken.expiration, scope });
  }
  return minted;
}
