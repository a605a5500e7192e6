import express, { type Response } from 'express';
import { DUB_MANIFEST } from '@hub/server/integrations/dub';
import { ControlInputError, controlBody, optionalInteger } from '../../lib/control-input';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { integerOption } from '../../lib/emulation-options';
import type { ApiError, ApiErrorKind } from '../../lib/provider-definition';
import { DUB_MAX_LINKS, DUB_MAX_REVISION, DubDataset } from './dub-data';

/** Dub's error codes by kind, and their statuses (https://dub.co/docs/api-reference/errors). */
const ERROR_CODES: Record<ApiErrorKind, string> = {
  bad_request: 'bad_request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  not_found: 'not_found',
  unprocessable: 'unprocessable_entity',
  rate_limited: 'rate_limit_exceeded',
  internal: 'internal_server_error',
};

/** Page size: Dub's default and maximum (`pageSize`, https://dub.co/docs/api-reference/endpoint/retrieve-a-list-of-links). */
const PAGE_SIZE = 100;

/**
 * Dub (https://api.dub.co) as the Dub provider calls it: `GET /oauth/userinfo` (which workspace the
 * token belongs to), `GET /workspaces/{idOrSlug}` (workspaces.read), `GET /links` with `page` and
 * `pageSize` (links.read; a JSON array, newest first) and `GET /links/count`. Scopes and client
 * authentication come from the hub's Dub manifest, so the two cannot drift apart.
 */
export const dubEmulation = defineEmulation({
  id: 'dub',
  options: {
    /** How many links the workspace has. */
    links: integerOption({ default: 250, env: 'SANDBOX_DUB_LINKS', min: 0, max: DUB_MAX_LINKS }),
    /** Seed of the generated data. */
    seed: integerOption({ default: 1, env: 'SANDBOX_DUB_SEED' }),
  },
  create: (options) => {
    const data = new DubDataset(options.links, options.seed);
    const dataState = () => ({ links: data.size, seed: data.seed, revision: data.revision });

    const sendError = (res: Response, error: ApiError) => {
      const code = ERROR_CODES[error.kind];
      res.status(error.status).json({
        error: {
          code,
          message: error.message,
          // Dub builds the anchor with code.replace("_", "-"): the first underscore only.
          doc_url: `https://dub.co/docs/api-reference/errors#${code.replace('_', '-')}`,
        },
      });
    };
    const unprocessable = (res: Response, message: string) =>
      sendError(res, { status: 422, kind: 'unprocessable', message });

    return {
      ...fromManifest(DUB_MANIFEST, ['user.read']),
      name: 'Dub',
      // "This will invalidate the old access token and refresh token." (integrations/quickstart, step 5)
      refreshInvalidatesAccessTokens: true,
      sendError,
      api: (context) => {
        const router = express.Router();

        router.get('/oauth/userinfo', (_req, res) => {
          const { id, slug, name, logo } = data.workspace;
          res.json({ ...data.user, workspace: { id, slug, name, logo } });
        });

        router.get('/workspaces/:idOrSlug', (req, res) => {
          if (!context.hasScope(req, res, 'workspaces.read')) return;
          const { idOrSlug } = req.params;
          if (idOrSlug !== data.workspace.id && idOrSlug !== data.workspace.slug) {
            sendError(res, { status: 404, kind: 'not_found', message: 'Workspace not found.' });
            return;
          }
          res.json(data.workspace);
        });

        router.get('/links/count', (req, res) => {
          if (!context.hasScope(req, res, 'links.read')) return;
          res.json(data.size);
        });

        router.get('/links', (req, res) => {
          if (!context.hasScope(req, res, 'links.read')) return;
          const query = req.query as Record<string, unknown>;
          const page = positiveInteger(query['page'], 1);
          if (page === undefined) return unprocessable(res, 'page: Page must be greater than 0.');
          const pageSize = positiveInteger(query['pageSize'], PAGE_SIZE);
          if (pageSize === undefined) return unprocessable(res, 'pageSize: Page size must be greater than 0.');
          if (pageSize > PAGE_SIZE) return unprocessable(res, `pageSize: Max page size is ${PAGE_SIZE}.`);
          const sort = query['sortBy'] ?? query['sort'] ?? 'createdAt';
          if (sort !== 'createdAt') return unprocessable(res, 'sortBy: the sandbox orders links by createdAt only.');
          const order = query['sortOrder'] ?? 'desc';
          if (order !== 'desc' && order !== 'asc') return unprocessable(res, "sortOrder: Expected 'asc' | 'desc'.");
          const start = (page - 1) * pageSize;
          const end = Math.min(data.size, start + pageSize);
          const links = [];
          for (let position = start; position < end; position++) {
            links.push(data.linkAt(order === 'desc' ? position : data.size - 1 - position));
          }
          res.json(links);
        });

        return router;
      },
      dataset: {
        state: dataState,
        // Added links are older ones at the end of the newest-first list; see DubDataset.mutate.
        mutate: (request) => ({ expected: { links: data.mutate(request) } }),
        reset: () => data.reset(options.links),
      },
      // `POST /_sandbox/dub/data`: size and revision of the generated workspace, so a second sync sees
      // added (grow), deleted (shrink) and updated (revision) links. See DubDataset for what changes.
      control: () => {
        const router = express.Router();
        router.post('/data', (req, res) => {
          const body = controlBody(req, ['links', 'revision']);
          const links = optionalInteger(body, 'links', 0, DUB_MAX_LINKS);
          const revision = optionalInteger(body, 'revision', 0, DUB_MAX_REVISION);
          if (links === undefined && revision === undefined) {
            throw new ControlInputError(
              'Send a JSON object (Content-Type: application/json) with links and/or revision',
            );
          }
          if (links !== undefined) data.resize(links);
          if (revision !== undefined) data.setRevision(revision);
          res.json(dataState());
        });
        return router;
      },
    };
  },
});

function positiveInteger(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : undefined;
}
