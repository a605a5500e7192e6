import express, { type Router } from 'express';
import type ProviderClass from 'oidc-provider';
import { ControlInputError, controlBody, mutationRequest, optionalString, requiredInteger } from './control-input';
import type { EmulatedDataset } from './emulation';
import { faultFromRequest, type FaultInjector } from './faults';
import { mintGrants } from './grants';
import type { MemoryStore } from './memory-store';
import { SANDBOX_ACCOUNT, type SandboxProvider } from './provider-definition';
import type { RequestLog } from './request-log';

export interface ProviderControlOptions {
  readonly definition: SandboxProvider;
  readonly provider: ProviderClass;
  readonly store: MemoryStore;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
}

export const MAX_MINTED_GRANTS = 20_000;
/** What one `mutate` may ask for, per kind. */
export const MAX_MUTATION = 1000;

/**
 * `/_sandbox/<id>/…`: the controls every provider has (expire access tokens, fault injection, the
 * request log, grant minting, its dataset's `data` and `mutate`), then the provider's own
 * (`definition.control`). Bad input throws
 * `ControlInputError`, which the sandbox's control router answers with a 400.
 */
export function providerControlRouter(options: ProviderControlOptions): Router {
  const { definition, provider, store, faults, requestLog } = options;
  const router = express.Router();

  router.post('/expire-access-tokens', (_req, res) => {
    res.json({ expired: store.expireAll('AccessToken') });
  });
  // Refresh tokens past their end: the token endpoint answers invalid_grant, as for a long-idle grant.
  router.post('/expire-refresh-tokens', (_req, res) => {
    res.json({ expired: store.expireAll('RefreshToken') });
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: faults.pending() });
  });
  router.post('/faults', (req, res) => {
    faults.add(faultFromRequest(req));
    res.json({ faults: faults.pending() });
  });
  router.delete('/faults', (_req, res) => {
    faults.clear();
    res.json({ faults: [] });
  });

  router.get('/requests', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(requestLog.list());
  });

  router.post('/grants', async (req, res) => {
    const body = controlBody(req, ['count', 'scope']);
    const count = requiredInteger(body, 'count', 1, MAX_MINTED_GRANTS);
    const scope = grantScope(definition, optionalString(body, 'scope'));
    const grants = await mintGrants(provider, {
      accountId: SANDBOX_ACCOUNT.id,
      clientId: `hub-${definition.id}`,
      scope,
      count,
    });
    res.set('Cache-Control', 'no-store').json({ grants });
  });

  router.use(datasetControlRouter(definition.dataset));

  const own = definition.control?.();
  if (own) router.use(own);
  return router;
}

/**
 * `GET /data` and `POST /mutate` of one emulation's dataset (the reset is `POST /_sandbox/reset`'s):
 * the same for every provider. JSON bodies must be parsed before it.
 */
export function datasetControlRouter(dataset: EmulatedDataset): Router {
  const router = express.Router();
  router.get('/data', (_req, res) => {
    res.json(dataset.state());
  });
  // Changes the account as real use would; answers what the hub's next sync should count.
  router.post('/mutate', (req, res) => {
    const request = mutationRequest(req, MAX_MUTATION);
    try {
      res.json(dataset.mutate(request));
    } catch (error) {
      if (error instanceof RangeError) throw new ControlInputError(error.message);
      throw error;
    }
  });
  return router;
}

/** The requested scope, normalised; all of the provider's scopes when none is given. */
function grantScope(definition: SandboxProvider, requested: string | undefined): string {
  if (requested === undefined) return definition.scopes.join(' ');
  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  const unknown = scopes.filter((s) => !definition.scopes.includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new ControlInputError(
      `scope must be space-separated scopes of ${definition.name} (${definition.scopes.join(' ')})` +
        (unknown.length > 0 ? `; unknown: ${unknown.join(' ')}` : ''),
    );
  }
  return scopes.join(' ');
}
