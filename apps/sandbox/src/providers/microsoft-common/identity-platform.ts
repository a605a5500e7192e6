import { createHash, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { decodeJwt, SignJWT } from 'jose';
import { ControlInputError, controlBody } from '../../lib/control-input';
import type { SandboxAccount, SandboxProvider } from '../../lib/provider-definition';
import { personaControl } from './persona-control';
import { MICROSOFT_PERSONAS, type MicrosoftPersona, personaOf, type PersonaSetting } from './personas';

/**
 * What the sandbox's authorization server becomes for a Microsoft 365 emulation: the Microsoft
 * identity platform v2.0 as the hub meets it (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow).
 *
 * - The persona set by `POST /_sandbox/<id>/persona` signs in, and the grant is theirs.
 * - ID tokens are Microsoft's: signed by this emulation's own key (served at
 *   `/<id>/{tenant}/discovery/v2.0/keys`, each key with the `{tenantid}` issuer it may sign for), with
 *   `iss` = `<issuer>/{tid}/v2.0` of the persona's tenant, `tid`, `oid`, a pairwise `sub`,
 *   `preferred_username` and `ver` 2.0 (https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference).
 * - `/<id>/{tenant}/v2.0/.well-known/openid-configuration` has the `{tenantid}` issuer template for
 *   `common` and `organizations`, the tenant's own for a GUID, and no revocation endpoint.
 * - Token answers carry `ext_expires_in`; errors carry `error_codes`, `timestamp`, `trace_id`,
 *   `correlation_id` and an `error_description` starting `AADSTS<code>:`
 *   (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes), and
 *   `POST /_sandbox/<id>/token-error {"aadsts": 700082}` makes the next token request fail as that code does.
 *
 * Where the sandbox is stricter than Entra: a refresh token is spent on use (oidc-provider's reuse
 * detection); Entra keeps the old one valid. A hub that always stores the newest works with both.
 * The OAuth endpoints stay at the sandbox's `/<id>/oauth/authorize` and `/<id>/oauth/token`.
 */
export class MicrosoftIdentityPlatform {
  private readonly key: KeyObject;
  private readonly kid: string;
  private pendingFault: { status: number; body: Record<string, unknown> } | undefined;
  /** The next ID token is made wrong this way (a hostile or broken identity platform, for the hub's checks). */
  private idTokenFault: IdTokenFault | undefined;
  /** Scopes each tenant's administrator consented to for the whole tenant. */
  private readonly tenantConsents = new Map<string, Set<string>>();

  /**
   * `adminOnlyScopes`: delegated permissions whose "Admin Consent Required" is Yes
   * (https://learn.microsoft.com/en-us/graph/permissions-reference; Teams' ChannelMessage.Read.All).
   */
  constructor(
    private readonly personas: PersonaSetting,
    private readonly adminOnlyScopes: readonly string[] = [],
  ) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.key = privateKey;
    this.kid = createHash('sha256').update(randomUUID()).digest('base64url').slice(0, 27);
  }

  /** The SandboxProvider parts: spread into the emulation's definition. */
  hooks(): Pick<
    SandboxProvider,
    | 'signInAccount'
    | 'findAccount'
    | 'tokenResponse'
    | 'tokenError'
    | 'tokenFault'
    | 'identityRoutes'
    | 'consentRefusal'
  > {
    return {
      signInAccount: () => accountOf(this.personas.get()),
      findAccount: (id) => (id in MICROSOFT_PERSONAS ? accountOf(personaOf(id)) : undefined),
      tokenResponse: (answer) => this.microsoftTokenAnswer(answer),
      tokenError: (answer) => aadstsError(String(answer['error'] ?? 'invalid_request'), answer),
      tokenFault: () => {
        const fault = this.pendingFault;
        this.pendingFault = undefined;
        return fault;
      },
      identityRoutes: (context) => this.routes(context),
      consentRefusal: (accountId, scopes) => this.consentRefusal(personaOf(accountId), scopes),
    };
  }

  /**
   * The controls of the identity platform, for the emulation's `control()` router: who signs in next
   * (`/persona`, persona-control.ts) and the next token request's failure (`/token-error`).
   */
  addControls(router: Router): void {
    router.use(personaControl(this.personas));
    router.post('/id-token-fault', (req, res) => {
      const fault = controlBody(req, ['fault'])['fault'];
      if (typeof fault !== 'string' || !ID_TOKEN_FAULTS.includes(fault as IdTokenFault))
        throw new ControlInputError(`fault must be one of ${ID_TOKEN_FAULTS.join(', ')}`);
      this.idTokenFault = fault as IdTokenFault;
      res.json({ next: fault });
    });
    router.post('/token-error', (req, res) => {
      const code = controlBody(req, ['aadsts'])['aadsts'];
      const known = typeof code === 'number' ? AADSTS[code] : undefined;
      if (!known) throw new ControlInputError(`aadsts must be one of ${Object.keys(AADSTS).join(', ')}`);
      this.pendingFault = {
        status: known.status ?? 400,
        body: aadstsError(known.error, { error_description: known.description }, code as number),
      };
      res.json({ next: this.pendingFault.body });
    });
  }

  /** Back to no pending fault and no tenant's consent (the sandbox's reset). */
  reset(): void {
    this.pendingFault = undefined;
    this.idTokenFault = undefined;
    this.tenantConsents.clear();
  }

  /** Whether the tenant's administrator consented to `scope` for everyone (the `/_sandbox/<id>/data` view). */
  tenantConsented(tenantId: string, scope: string): boolean {
    return this.tenantConsents.get(tenantId)?.has(scope) ?? false;
  }

  /**
   * A person who is not an administrator cannot consent to an admin-only permission their tenant has
   * not consented to: Entra shows "Need admin approval", and the app gets AADSTS90094 ("The grant
   * requires admin permission", reference-error-codes). An administrator's consent here counts for
   * the tenant, as with "Consent on behalf of your organization".
   */
  private consentRefusal(persona: MicrosoftPersona, scopes: readonly string[]) {
    const adminOnly = scopes.filter((scope) => this.adminOnlyScopes.includes(scope));
    if (adminOnly.length === 0) return undefined;
    if (persona.isAdmin) {
      this.consent(persona.tenantId, adminOnly);
      return undefined;
    }
    if (adminOnly.every((scope) => this.tenantConsented(persona.tenantId, scope))) return undefined;
    return {
      error: 'access_denied',
      error_description: String(
        aadstsError('access_denied', { error_description: 'The grant requires admin permission.' }, 90094)[
          'error_description'
        ],
      ),
    };
  }

  private consent(tenantId: string, scopes: readonly string[]): void {
    const consented = this.tenantConsents.get(tenantId) ?? new Set<string>();
    for (const scope of scopes) consented.add(scope);
    this.tenantConsents.set(tenantId, consented);
  }

  private async microsoftTokenAnswer(answer: Record<string, unknown>): Promise<Record<string, unknown>> {
    const shaped: Record<string, unknown> = { ...answer, ext_expires_in: answer['expires_in'] };
    const issued = typeof answer['id_token'] === 'string' ? decodeJwt(answer['id_token']) : undefined;
    if (!issued?.sub || !issued.iss || typeof issued.aud !== 'string') return shaped;
    const persona = personaOf(issued.sub);
    const fault = this.idTokenFault;
    this.idTokenFault = undefined;
    const tenant = fault === 'tenant-mismatch' ? MICROSOFT_PERSONAS.personal.tenantId : persona.tenantId;
    shaped['id_token'] = await new SignJWT({
      ver: '2.0',
      tid: persona.tenantId,
      oid: persona.objectId,
      name: persona.displayName,
      preferred_username: persona.userPrincipalName,
      ...(issued['nonce'] ? { nonce: issued['nonce'] } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuer(`${issued.iss}/${tenant}/v2.0`)
      .setAudience(fault === 'audience' ? 'another-app' : issued.aud)
      // Pairwise per app: the same person has another `sub` in another app.
      .setSubject(createHash('sha256').update(`${persona.objectId}|${issued.aud}`).digest('base64url').slice(0, 43))
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(fault === 'expired' ? '-10m' : '1h')
      .sign(fault === 'signature' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : this.key);
    return shaped;
  }

  private routes(context: { readonly clientId: string; readonly redirectUris: readonly string[] }): Router {
    const router = express.Router();
    const base = (req: express.Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    // The admin consent endpoint (https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent):
    // a tenant GUID, a domain or `organizations`, never `common`; the administrator signs in and
    // approves the listed permissions for the whole tenant; the redirect carries `admin_consent=True`,
    // the tenant and the scopes, or `error` and `error_description`.
    const adminConsentRequest = (req: express.Request) => {
      const query = req.method === 'POST' ? (req.body as Record<string, unknown>) : req.query;
      const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : '');
      const redirectUri = text('redirect_uri');
      if (req.params['tenant'] === 'common' || req.params['tenant'] === 'consumers')
        return { problem: 'AADSTS90009: The admin consent endpoint needs a tenant or "organizations", not common.' };
      if (text('client_id') !== context.clientId)
        return { problem: `AADSTS700016: Application with identifier '${text('client_id')}' was not found.` };
      if (!context.redirectUris.includes(redirectUri))
        return { problem: 'AADSTS50011: The redirect URI specified in the request does not match the app’s.' };
      // The form posts the request's scopes back as `requested_scope` (a consent form's `scope` is a ticked box).
      const scopes = text(req.method === 'POST' ? 'requested_scope' : 'scope')
        .split(' ')
        .filter(Boolean);
      return { redirectUri, state: text('state'), scopes };
    };
    router.get('/:tenant/v2.0/adminconsent', (req, res) => {
      const request = adminConsentRequest(req);
      res.set('Cache-Control', 'no-store').type('html');
      if ('problem' in request) {
        res.status(400).send(identityPage(`<p>${escapeText(request.problem ?? '')}</p>`));
        return;
      }
      const admin = MICROSOFT_PERSONAS.admin;
      const hidden = (name: string, value: string) =>
        `<input type="hidden" name="${name}" value="${escapeText(value)}">`;
      res.send(
        identityPage(`<p>Signed in as <strong>${escapeText(admin.displayName)}</strong> (administrator of ${escapeText(
          admin.tenantName ?? '',
        )})</p>
<p><strong>${escapeText(context.clientId)}</strong> asks for these permissions for everyone in your organization:</p>
<ul>${request.scopes.map((scope) => `<li><code>${escapeText(scope)}</code></li>`).join('')}</ul>
<form method="post" action="${escapeText(`${req.baseUrl}${req.path}`)}">
${hidden('client_id', context.clientId)}${hidden('redirect_uri', request.redirectUri)}${hidden('state', request.state)}${hidden('requested_scope', request.scopes.join(' '))}
<button type="submit" name="decision" value="allow">Accept</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>`),
      );
    });
    router.post('/:tenant/v2.0/adminconsent', express.urlencoded({ extended: false }), (req, res) => {
      const request = adminConsentRequest(req);
      if ('problem' in request) {
        res
          .status(400)
          .type('html')
          .send(identityPage(`<p>${escapeText(request.problem ?? '')}</p>`));
        return;
      }
      const admin = MICROSOFT_PERSONAS.admin;
      const back = new URL(request.redirectUri);
      if ((req.body as { decision?: string }).decision === 'allow') {
        // `https://graph.microsoft.com/ChannelMessage.Read.All` → the permission as the consent page lists it.
        this.consent(
          admin.tenantId,
          request.scopes.map((scope) => scope.replace(/^https:\/\/graph\.microsoft\.com\//, '')),
        );
        back.searchParams.set('admin_consent', 'True');
        back.searchParams.set('tenant', admin.tenantId);
        back.searchParams.set('scope', request.scopes.join(' '));
      } else {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_subcode', 'cancel');
        back.searchParams.set(
          'error_description',
          String(
            aadstsError('access_denied', { error_description: 'The admin canceled the request.' }, 65004)[
              'error_description'
            ],
          ),
        );
      }
      back.searchParams.set('state', request.state);
      res.redirect(303, back.toString());
    });
    router.get('/:tenant/discovery/v2.0/keys', (req, res) => {
      const jwk = this.key.export({ format: 'jwk' });
      res.set('Cache-Control', 'max-age=86400').json({
        keys: [
          {
            kty: jwk.kty,
            use: 'sig',
            kid: this.kid,
            n: jwk.n,
            e: jwk.e,
            // "keys with the {tenantid} template may serve any tenant" (access-tokens#validate-the-signing-key-issuer)
            issuer: `${base(req)}/{tenantid}/v2.0`,
          },
        ],
      });
    });
    router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
      const { tenant } = req.params;
      const multi = tenant === 'common' || tenant === 'organizations' || tenant === 'consumers';
      res.json({
        issuer: `${base(req)}/${multi ? '{tenantid}' : tenant}/v2.0`,
        authorization_endpoint: `${base(req)}/oauth/authorize`,
        token_endpoint: `${base(req)}/oauth/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base(req)}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        request_uri_parameter_supported: false,
        userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
        http_logout_supported: true,
        frontchannel_logout_supported: true,
      });
    });
    return router;
  }
}

/**
 * How `POST /_sandbox/<id>/id-token-fault` spoils the next ID token: signed by a key the JWKS does not
 * hold, for another app, expired, or with an issuer of another tenant than its `tid`.
 */
const ID_TOKEN_FAULTS = ['signature', 'audience', 'expired', 'tenant-mismatch'] as const;
type IdTokenFault = (typeof ID_TOKEN_FAULTS)[number];

function identityPage(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Microsoft identity platform (sandbox)</title>
<meta name="referrer" content="no-referrer"></head><body style="font-family: sans-serif; margin: 2rem; max-width: 40rem">
<p role="note" style="background:#fff3cd;border:1px solid #e0c36c;padding:.5rem 1rem"><strong>Sandbox — not the real Microsoft identity platform</strong>. Development and tests only.</p>
<h1>Permissions requested</h1>${body}</body></html>`;
}

function escapeText(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function accountOf(persona: MicrosoftPersona): SandboxAccount {
  return { id: persona.kind, name: persona.displayName, email: persona.mail ?? persona.userPrincipalName };
}

/** The documented failures a control can set, by AADSTS code (reference-error-codes). */
const AADSTS: Readonly<Record<number, { error: string; description: string; status?: number }>> = {
  70000: {
    error: 'invalid_grant',
    description: 'The provided value for the input parameter refresh_token is not valid.',
  },
  70008: {
    error: 'invalid_grant',
    description: 'The provided authorization code or refresh token has expired due to inactivity.',
  },
  700082: {
    error: 'invalid_grant',
    description:
      'The refresh token has expired due to inactivity. The token was issued on 2026-09-01 and was inactive for 90.00:00:00.',
  },
  50173: {
    error: 'invalid_grant',
    description: 'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
  },
  65001: {
    error: 'invalid_grant',
    description:
      'The user or administrator has not consented to use the application. Send an interactive authorization request for this user and resource.',
  },
  90094: { error: 'invalid_grant', description: 'The grant requires admin permission.' },
  50076: {
    error: 'interaction_required',
    description: 'Due to a configuration change made by your administrator, you must use multi-factor authentication.',
  },
  7000215: { error: 'invalid_client', description: 'Invalid client secret provided.', status: 401 },
  7000222: {
    error: 'invalid_client',
    description: 'The provided client secret keys for app are expired.',
    status: 401,
  },
  9002325: {
    error: 'invalid_request',
    description: 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
  },
  90055: { error: 'temporarily_unavailable', description: 'TenantThrottlingError: too many requests.', status: 429 },
};

/** oidc-provider's own errors, as the AADSTS code Entra answers them with. */
const CODE_OF_ERROR: Readonly<Record<string, number>> = {
  invalid_grant: 70000,
  invalid_client: 7000215,
  invalid_request: 900144,
  unsupported_grant_type: 70003,
  invalid_scope: 70011,
  unauthorized_client: 700016,
};

/** Entra's token-endpoint error body (reference-error-codes: "Handling error codes in your application"). */
function aadstsError(
  error: string,
  answer: Record<string, unknown>,
  code = CODE_OF_ERROR[error] ?? 90000,
): Record<string, unknown> {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  const description = String(answer['error_description'] ?? error).replace(/^AADSTS\d+: /, '');
  return {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}
