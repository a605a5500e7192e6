import express, { type Response } from 'express';
import { DUB_MANIFEST } from '@hub/server/integrations/dub';
import { ControlInputError, controlBody, optionalInteger } from '../../lib/control-input';
import { defineEmulation, fromManifest } from '../../lib/emulation';
import { integerOption } from '../../lib/emulation-options';
import type { ApiError, ApiErrorKind } from '../../lib/provider-definition';
import { DUB_MAX_LINKS, DUB_MAX_REVISION, DubDataset, type LinkFilter, type PageStart } from './dub-data';

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
/** The deprecated `page` stops here: Dub answers 422 past page 1,000 (cursor paging has no limit). */
const MAX_PAGE = 1000;
/** GET /folders: at most 50 a page (https://dub.co/docs/api-reference/endpoint/retrieve-a-list-of-folders). */
const FOLDER_PAGE_SIZE = 50;

/**
 * Dub (https://api.dub.co): `GET /oauth/userinfo` (which workspace the token belongs to),
 * `GET /workspaces/{idOrSlug}` (workspaces.read), `GET /folders` (folders.read), and `GET /links` and
 * `GET /links/count` (links.read) as Dub documents and implements them: a JSON array newest first,
 * only the links outside every folder unless `folderId` names one, archived links only with
 * `showArchived=true`, cursor paging with `startingAfter` / `endingBefore` (link ids), and the
 * deprecated `page` refused past 1,000. Scopes and client authentication come from the hub's Dub
 * manifest, so the two cannot drift apart.
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

        router.get('/folders', (req, res) => {
          if (!context.hasScope(req, res, 'folders.read')) return;
          const query = req.query as Record<string, unknown>;
          const page = positiveInteger(query['page'], 1);
          const pageSize = positiveInteger(query['pageSize'], FOLDER_PAGE_SIZE);
          if (page === undefined || pageSize === undefined || pageSize > FOLDER_PAGE_SIZE)
            return unprocessable(res, `page, pageSize: positive numbers, pageSize at most ${FOLDER_PAGE_SIZE}.`);
          res.json(data.folders.slice((page - 1) * pageSize, page * pageSize));
        });

        router.get('/links/count', (req, res) => {
          if (!context.hasScope(req, res, 'links.read')) return;
          const filter = linkFilter(req.query as Record<string, unknown>, res);
          if (filter) res.json(data.count(filter));
        });

        router.get('/links', (req, res) => {
          if (!context.hasScope(req, res, 'links.read')) return;
          const query = req.query as Record<string, unknown>;
          const filter = linkFilter(query, res);
          if (!filter) return;
          const pageSize = positiveInteger(query['pageSize'], PAGE_SIZE);
          if (pageSize === undefined) return unprocessable(res, 'pageSize: Number must be greater than 0.');
          if (pageSize > PAGE_SIZE)
            return unprocessable(res, `pageSize: Number must be less than or equal to ${PAGE_SIZE}.`);
          const start = pageStart(query, pageSize, res);
          if (start) res.json(data.page(filter, start, pageSize));
        });

        /** `folderId` (none: links outside every folder) and `showArchived` (default false), as Dub reads them. */
        const linkFilter = (query: Record<string, unknown>, res: Response): LinkFilter | undefined => {
          const showArchived = query['showArchived'] ?? 'false';
          if (showArchived !== 'true' && showArchived !== 'false') {
            unprocessable(res, 'showArchived: Expected boolean, received string.');
            return undefined;
          }
          const folderId = query['folderId'];
          if (folderId !== undefined && !data.folders.some((folder) => folder.id === folderId)) {
            sendError(res, { status: 404, kind: 'not_found', message: 'Folder not found.' });
            return undefined;
          }
          return { folderId: typeof folderId === 'string' ? folderId : null, showArchived: showArchived === 'true' };
        };

        /** A cursor (`startingAfter` or `endingBefore`, a link id) or the deprecated `page`, at most 1,000. */
        const pageStart = (query: Record<string, unknown>, pageSize: number, res: Response): PageStart | undefined => {
          const after = query['startingAfter'];
          const before = query['endingBefore'];
          if (after !== undefined && before !== undefined) {
            unprocessable(res, 'startingAfter, endingBefore: Only one of them may be given.');
            return undefined;
          }
          const cursor = after ?? before;
          if (cursor !== undefined) {
            const index = typeof cursor === 'string' ? data.indexOfId(cursor) : undefined;
            if (index === undefined) {
              unprocessable(res, `${after !== undefined ? 'startingAfter' : 'endingBefore'}: Invalid cursor.`);
              return undefined;
            }
            return after !== undefined ? { startingAfter: index } : { endingBefore: index };
          }
          const page = positiveInteger(query['page'], 1);
          if (page === undefined) {
            unprocessable(res, 'page: Number must be greater than 0.');
            return undefined;
          }
          if (page > MAX_PAGE) {
            // Dub caps offset paging; past it, only the cursor reaches further.
            unprocessable(res, `page: Number must be less than or equal to ${MAX_PAGE}. Use startingAfter instead.`);
            return undefined;
          }
          return { skip: (page - 1) * pageSize };
        };

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
        // Ground truth for tests: the id of every link the workspace holds now, in any folder.
        router.get('/link-ids', (_req, res) => {
          res.json(Array.from({ length: data.size }, (_, position) => data.linkAt(position).id));
        });
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
