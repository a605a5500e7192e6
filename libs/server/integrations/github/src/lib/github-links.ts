import { IntegrationError } from '@hub/server/integrations/core';

/**
 * The relations of an RFC 8288 `Link` header, as GitHub sends it
 * (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api):
 * `<https://api.github.com/user/repos?page=2>; rel="next", <…?page=5>; rel="last"`.
 */
export function parseLinkHeader(header: string | null): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(match[2] ?? '')?.[1];
    for (const name of rel?.trim().split(/\s+/) ?? []) {
      if (!links.has(name.toLowerCase())) links.set(name.toLowerCase(), match[1]);
    }
  }
  return links;
}

/**
 * A pagination URL GitHub sent, as a path and query relative to the API base URL the provider calls
 * (what a cursor stores: never a host). A URL on another origin, or outside the base path, is refused:
 * the bearer token must not follow a link elsewhere.
 */
export function relativeApiPath(link: string, apiBaseUrl: string): string {
  let url: URL;
  let base: URL;
  try {
    url = new URL(link);
    base = new URL(apiBaseUrl);
  } catch {
    throw new IntegrationError('UNKNOWN', 'GitHub sent a pagination link that is not a URL');
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`) || url.username || url.password) {
    throw new IntegrationError('UNKNOWN', 'GitHub sent a pagination link to another host: not following it');
  }
  return `${url.pathname.slice(basePath.length)}${url.search}`;
}
