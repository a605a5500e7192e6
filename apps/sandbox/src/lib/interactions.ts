import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type ProviderClass from 'oidc-provider';
import { escapeHtml } from './authorization-server';
import { loadOidcProvider } from './oidc-provider';
import { SANDBOX_ACCOUNT, type SandboxProvider } from './provider-definition';

/**
 * The sign-in and consent page of one emulated provider, at `/<id>/interaction/:uid`: one click signs
 * the fixed sandbox user in and grants the ticked scopes (untick some to get a reduced grant), or
 * denies (`error=access_denied` on the callback). A person can click through it; tests post the form.
 */
export function interactionRouter(definition: SandboxProvider, provider: ProviderClass): Router {
  const { toLibraryRealm } = loadOidcProvider();
  const router = express.Router();

  router.get('/:uid', async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== req.params.uid) {
        res.status(400).type('html').send(page(definition, '<p>This sign-in link is stale: start again.</p>'));
        return;
      }
      const params = details.params as { client_id?: string; scope?: string; redirect_uri?: string };
      const client = params.client_id ? await provider.Client.find(params.client_id) : undefined;
      const requested = requestedScopes(definition, params.scope);
      const signedIn = definition.signInAccount?.() ?? SANDBOX_ACCOUNT;
      const scopes = requested
        .map(
          (scope) =>
            `<li><label><input type="checkbox" name="scope" value="${escapeHtml(scope)}" checked> <code>${escapeHtml(scope)}</code></label></li>`,
        )
        .join('');
      res
        .status(200)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(
          page(
            definition,
            `<p>Signed in as <strong>${escapeHtml(signedIn.name)}</strong> &lt;${escapeHtml(signedIn.email)}&gt;</p>
<p><strong>${escapeHtml(client?.clientName ?? params.client_id ?? 'An application')}</strong> asks for access to your ${escapeHtml(definition.name)} account:</p>
<form method="post" action="${escapeHtml(`${req.baseUrl}/${details.uid}/confirm`)}">
<ul style="list-style:none;padding:0">${scopes}</ul>
<p>Redirects to <code>${escapeHtml(params.redirect_uri ?? '')}</code></p>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
          ),
        );
    } catch (error) {
      next(error);
    }
  });

  router.post('/:uid/confirm', express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const params = details.params as { client_id: string; scope?: string };
      const body = (req.body ?? {}) as { decision?: string; scope?: string | string[] };
      const ticked = new Set(Array.isArray(body.scope) ? body.scope : body.scope ? [body.scope] : []);
      const requested = requestedScopes(definition, params.scope);
      const granted = requested.filter((scope) => ticked.has(scope));
      if (body.decision !== 'allow' || (requested.length > 0 && granted.length === 0)) {
        await provider.interactionFinished(
          req,
          res,
          toLibraryRealm({ error: 'access_denied', error_description: 'The sandbox user denied access.' }),
          toLibraryRealm({ mergeWithLastSubmission: false }),
        );
        return;
      }
      const accountId = details.session?.accountId ?? (definition.signInAccount?.() ?? SANDBOX_ACCOUNT).id;
      const refusal = definition.consentRefusal?.(accountId, granted);
      if (refusal) {
        await provider.interactionFinished(
          req,
          res,
          toLibraryRealm({ ...refusal }),
          toLibraryRealm({ mergeWithLastSubmission: false }),
        );
        return;
      }
      const grant = details.grantId
        ? ((await provider.Grant.find(details.grantId)) ??
          new provider.Grant(toLibraryRealm({ accountId, clientId: params.client_id })))
        : new provider.Grant(toLibraryRealm({ accountId, clientId: params.client_id }));
      if (granted.length > 0) grant.addOIDCScope(granted.join(' '));
      const rejected = requested.filter((scope) => !ticked.has(scope));
      if (rejected.length > 0) grant.rejectOIDCScope(rejected.join(' '));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        toLibraryRealm({ login: { accountId }, consent: { grantId } }),
        toLibraryRealm({ mergeWithLastSubmission: false }),
      );
    } catch (error) {
      next(error);
    }
  });

  // A missing or stale interaction cookie (another browser, a finished flow): say so, no stack trace.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    // oidc-provider's errors carry a statusCode (SessionNotFound: 400).
    const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
    const status = typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? 400 : 500;
    if (status === 500) console.error(`[sandbox:${definition.id}] sign-in failed`, error);
    res
      .status(status)
      .type('html')
      .send(
        page(
          definition,
          status === 400
            ? '<p>This sign-in has expired or was started in another browser: start again from the hub.</p>'
            : '<p>The sandbox could not finish this sign-in.</p>',
        ),
      );
  });

  return router;
}

/** The requested scopes this provider knows, in request order (oidc-provider already dropped unknown ones). */
function requestedScopes(definition: SandboxProvider, scope: string | undefined): string[] {
  const known = new Set(definition.scopes);
  return [...new Set((scope ?? '').split(' ').filter((s) => known.has(s)))];
}

function page(definition: SandboxProvider, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to ${escapeHtml(definition.name)} (sandbox)</title>
<meta name="referrer" content="no-referrer"></head>
<body style="font-family: sans-serif; margin: 2rem; max-width: 40rem">
<p role="note" style="background:#fff3cd;border:1px solid #e0c36c;padding:.5rem 1rem"><strong>Sandbox — not the real ${escapeHtml(definition.name)}</strong>. Development and tests only: the account and its data are generated.</p>
<h1>Sign in to ${escapeHtml(definition.name)}</h1>
${body}
</body></html>`;
}
