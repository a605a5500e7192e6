import { INTEGRATION_CATEGORIES, PROVIDER_AVAILABILITIES } from '@hub/shared/contracts';
import type { CatalogProvider } from './integration-provider';
import type { CredentialField, ProviderManifest } from './provider-manifest';

/** What a provider id looks like (kebab-case); the api refuses any other in a path before looking it up. */
export const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ID = PROVIDER_ID_PATTERN;
const APP_KEY = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const FIELD_KEY = /^[a-z][a-zA-Z0-9]*$/;
const FIELD_TYPES = ['text', 'password', 'number', 'select', 'textarea', 'boolean'];

/** Real endpoints only: https, never built from user input (docs/security.md A10). */
function isHttpsUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
  } catch {
    return false;
  }
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Every problem with a manifest, as sentences naming the field; empty when it is valid. The registry
 * refuses to start on any, so a broken provider never reaches a person.
 */
export function manifestProblems(manifest: ProviderManifest): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  need(typeof manifest.id === 'string' && ID.test(manifest.id), 'id must be kebab-case (a-z, 0-9, -)');
  need(nonEmpty(manifest.name), 'name is required');
  need(
    nonEmpty(manifest.description) && manifest.description.length <= 200,
    'description is required (at most 200 characters)',
  );
  need(
    (INTEGRATION_CATEGORIES as readonly string[]).includes(manifest.category),
    `category must be one of: ${INTEGRATION_CATEGORIES.join(', ')}`,
  );
  need(
    nonEmpty(manifest.logo) && /^providers\/[a-z0-9-]+\.svg$/.test(manifest.logo),
    'logo must be a path like providers/<id>.svg',
  );
  need(isHttpsUrl(manifest.docsUrl), 'docsUrl must be an https URL');
  need(
    (PROVIDER_AVAILABILITIES as readonly string[]).includes(manifest.availability),
    'availability must be available or coming-soon',
  );
  if (manifest.api !== undefined) {
    need(isHttpsUrl(manifest.api.baseUrl), 'api.baseUrl must be an https URL');
    for (const [name, url] of Object.entries(manifest.api.hosts ?? {})) {
      need(/^[a-z][a-z0-9-]*$/.test(name), `api.hosts: "${name}" must be a kebab-case name`);
      need(isHttpsUrl(url), `api.hosts.${name} must be an https URL`);
    }
  }

  const auth = manifest.auth;
  if (auth?.kind === 'oauth2') {
    need(APP_KEY.test(auth.appKey ?? ''), 'auth.appKey must be UPPER_SNAKE_CASE (it names OAUTH_<appKey>_CLIENT_ID)');
    for (const key of ['authorizationUrl', 'tokenUrl', 'appRegistrationUrl'] as const) {
      need(isHttpsUrl(auth[key]), `auth.${key} must be an https URL`);
    }
    if (auth.revocationUrl !== undefined)
      need(isHttpsUrl(auth.revocationUrl), 'auth.revocationUrl must be an https URL');
    if (auth.issuer !== undefined) need(isHttpsUrl(auth.issuer), 'auth.issuer must be an https URL');
    if (auth.accessRemoval !== undefined) {
      need(auth.revocationUrl === undefined, 'auth.accessRemoval is for providers without a revocation endpoint');
      need(auth.accessRemoval.links.length > 0, 'auth.accessRemoval must link to where access is removed');
      for (const link of auth.accessRemoval.links)
        need(isHttpsUrl(link.url), 'auth.accessRemoval links must be https URLs');
    }
    if (auth.adminConsent !== undefined) {
      need(
        isHttpsUrl(auth.adminConsent.url.replace('{tenant}', 'organizations')) &&
          auth.adminConsent.url.includes('{tenant}'),
        'auth.adminConsent.url must be an https URL with {tenant}',
      );
      need(auth.adminConsent.scopes.length > 0, 'auth.adminConsent must list the permissions an administrator grants');
    }
    if (auth.idToken !== undefined) {
      need(
        isHttpsUrl(auth.idToken.issuer.replace('{tenantid}', 'tenant')),
        'auth.idToken.issuer must be an https URL (it may hold {tenantid})',
      );
      need(isHttpsUrl(auth.idToken.jwksUrl), 'auth.idToken.jwksUrl must be an https URL');
      need(auth.scopes.includes('openid'), 'auth.idToken needs the openid scope');
    }
    need(
      Array.isArray(auth.scopes) && auth.scopes.length > 0 && auth.scopes.every(nonEmpty),
      'auth.scopes must list at least one scope',
    );
    need(new Set(auth.scopes).size === auth.scopes?.length, 'auth.scopes must not repeat a scope');
    need(
      auth.pkce?.required === true || (auth.pkce?.required === false && nonEmpty(auth.pkce.reason)),
      'auth.pkce must be required, or say why the provider cannot take PKCE',
    );
  } else if (auth?.kind === 'credentials') {
    need(Array.isArray(auth.fields) && auth.fields.length > 0, 'auth.fields must list at least one field');
    const keys = (auth.fields ?? []).map((f) => f.key);
    need(new Set(keys).size === keys.length, 'auth.fields keys must be unique');
    for (const field of auth.fields ?? []) problems.push(...fieldProblems(field));
  } else {
    problems.push('auth.kind must be oauth2 or credentials');
  }

  if (manifest.sync !== undefined) {
    const ids = manifest.sync.resources.map((r) => r.id);
    need(ids.length > 0 && ids.every((id) => ID.test(id)), 'sync.resources must list resources with kebab-case ids');
    need(new Set(ids).size === ids.length, 'sync.resources ids must be unique');
    need(
      manifest.sync.resources.every((r) => nonEmpty(r.name) && nonEmpty(r.description)),
      'sync.resources need a name and description',
    );
    need(
      Number.isInteger(manifest.sync.defaultFrequencyMinutes) && manifest.sync.defaultFrequencyMinutes >= 5,
      'sync.defaultFrequencyMinutes must be a whole number of at least 5',
    );
    const selection = manifest.sync.selection;
    if (selection) {
      need(nonEmpty(selection.label), 'sync.selection needs a label');
      need(ids.includes(selection.optionsResource), 'sync.selection.optionsResource must be one of sync.resources');
      need(
        Number.isInteger(selection.max) && selection.max >= 1,
        'sync.selection.max must be a whole number of at least 1',
      );
    }
  }
  return problems;
}

function fieldProblems(field: CredentialField): string[] {
  const at = `auth.fields.${field.key}`;
  const problems: string[] = [];
  if (!FIELD_KEY.test(field.key ?? '')) problems.push(`${at}: key must be camelCase`);
  if (!nonEmpty(field.label)) problems.push(`${at}: label is required`);
  if (!FIELD_TYPES.includes(field.type)) problems.push(`${at}: type must be one of ${FIELD_TYPES.join(', ')}`);
  if (field.secret && field.type !== 'password' && field.type !== 'textarea') {
    problems.push(`${at}: a secret field must be a password or textarea, so the page masks it`);
  }
  if (field.type === 'select' && !(field.options && field.options.length > 0))
    problems.push(`${at}: a select needs options`);
  if (field.pattern !== undefined) {
    try {
      new RegExp(field.pattern);
    } catch {
      problems.push(`${at}: pattern is not a valid regular expression`);
    }
  }
  return problems;
}

/** Problems with the whole catalog: each manifest's, duplicate ids, and interface gaps. */
export function catalogProblems(providers: readonly CatalogProvider[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const provider of providers) {
    const id = provider.manifest?.id ?? '(no id)';
    if (seen.has(id)) problems.push(`${id}: two providers share this id`);
    seen.add(id);
    problems.push(...manifestProblems(provider.manifest).map((p) => `${id}: ${p}`));
    if (provider.manifest?.availability === 'available') {
      const impl = provider as unknown as Record<string, unknown>;
      for (const method of ['getAccountInfo', 'toIntegrationError']) {
        if (typeof impl[method] !== 'function') problems.push(`${id}: is available but does not implement ${method}()`);
      }
      if (provider.manifest.auth?.kind === 'credentials' && typeof impl['testCredentials'] !== 'function') {
        problems.push(`${id}: a credentials provider must implement testCredentials()`);
      }
    }
  }
  return problems;
}
