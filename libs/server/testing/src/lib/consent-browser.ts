/** What a provider's redirect back to the hub carried. */
export interface ProviderRedirect {
  readonly url: URL;
  readonly code: string | null;
  readonly state: string | null;
  readonly iss: string | null;
  readonly error: string | null;
}

/**
 * A person at the provider's sign-in and consent page, without a browser: follows redirects with a
 * cookie jar, submits the consent form (Allow or Deny, optionally unticking scopes), and stops at the
 * redirect back to the hub (`callbackPrefix`), which it does not follow.
 */
export async function consentAtProvider(
  authorizationUrl: string,
  {
    callbackPrefix,
    decision = 'allow',
    grant,
  }: { callbackPrefix: string; decision?: 'allow' | 'deny'; grant?: readonly string[] },
): Promise<ProviderRedirect> {
  const jar = new Map<string, string>();
  let current = new URL(authorizationUrl);
  let response = await send(jar, current, { method: 'GET' });
  for (let hop = 0; hop < 12; hop++) {
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, current);
      if (next.href.startsWith(callbackPrefix)) {
        const q = next.searchParams;
        return { url: next, code: q.get('code'), state: q.get('state'), iss: q.get('iss'), error: q.get('error') };
      }
      current = next;
      response = await send(jar, current, { method: 'GET' });
      continue;
    }
    const html = await response.text();
    const form = /<form method="post" action="([^"]+)"/.exec(html);
    if (response.status !== 200 || !form)
      throw new Error(`Unexpected ${response.status} from ${current.href}: ${html.slice(0, 200)}`);
    const offered = [...html.matchAll(/name="scope" value="([^"]+)"/g)].map((m) => unescapeHtml(m[1]));
    const body = new URLSearchParams({ decision });
    for (const scope of offered) if (!grant || grant.includes(scope)) body.append('scope', scope);
    current = new URL(unescapeHtml(form[1]), current);
    response = await send(jar, current, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }
  throw new Error('Too many redirects at the provider');
}

async function send(jar: Map<string, string>, url: URL, init: RequestInit): Promise<Response> {
  const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { accept: 'text/html', ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
  });
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now());
    if (!value || expired) jar.delete(name);
    else jar.set(name, value);
  }
  return response;
}

const unescapeHtml = (value: string) =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
