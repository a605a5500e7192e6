import type { INestApplication } from '@nestjs/common';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import ipaddr from 'ipaddr.js';
import { STATUS_CODES } from 'node:http';
import { AppConfig } from '@hub/server/config';
import { requestIdFor } from '@hub/server/observability';
import { PROBLEM_JSON, type ProblemDetails } from './problem-details';

/** Kubelets and load balancers probe by address, with whatever Host they like. */
const PROBE_PATHS: ReadonlySet<string> = new Set(['/api/health', '/api/health/ready']);

/**
 * What every answer goes through before anything else, the web app and Swagger UI included
 * (docs/adr/0012): which proxies are believed about the client, the security headers, and the Host
 * check against DNS rebinding.
 */
export function applyHttpEdge(app: INestApplication): void {
  const config = app.get(AppConfig);
  const { trustProxy } = config.http;
  // request.ip, request.protocol and request.secure then follow X-Forwarded-* from these proxies only.
  const express = app.getHttpAdapter().getInstance() as Express;
  express.set('trust proxy', typeof trustProxy === 'object' ? [...trustProxy] : trustProxy);
  app.use(securityHeaders(config));
  app.use(onlyOwnHost(config));
}

export function securityHeaders(config: AppConfig): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Angular adds its component styles as <style> elements at runtime and Swagger UI's page has an
        // inline <style>; nonces would need every page rendered per request. Scripts stay strict.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.http.https ? [] : null,
      },
    },
    // Only where people reach the hub over https: HSTS on a plain-http origin would lock them out.
    strictTransportSecurity: config.http.https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    // The browsers' default, made explicit: no path or query leaves the hub. Not no-referrer: by the
    // Fetch standard a no-referrer page's own POSTs carry `Origin: null`, which the CSRF origin check
    // refuses. The OAuth callback, whose URL carries the code, sends no-referrer on itself.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * 421 for a Host that is not PUBLIC_URL's: a DNS-rebinding page on an attacker's name that now
 * points at the hub would otherwise be same-origin with it. Literal loopback addresses are accepted
 * too: no name is resolved there, so nothing can be rebound (in-process tests and local probes use them).
 */
export function onlyOwnHost(config: AppConfig): RequestHandler {
  const accepts = hostAllowList(config.http.publicUrl);
  return (req: Request, res: Response, next: NextFunction) => {
    const host = req.headers.host;
    if (PROBE_PATHS.has(req.path) || (host !== undefined && accepts(host))) return next();
    const status = host === undefined ? 400 : 421;
    const problem: ProblemDetails = {
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail:
        host === undefined
          ? 'The request has no Host header.'
          : `This hub does not answer to the host "${host.slice(0, 255)}": use the address it is published at (PUBLIC_URL).`,
      instance: req.originalUrl.split('?')[0],
      requestId: requestIdFor(req, res),
    };
    res.status(status).type(PROBLEM_JSON).send(JSON.stringify(problem));
  };
}

/** PUBLIC_URL's host (with its port, or the scheme's default port written out) and loopback literals. */
export function hostAllowList(publicUrl: string): (host: string) => boolean {
  const url = new URL(publicUrl);
  const own = new Set([url.host]);
  if (url.port === '') own.add(`${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`);
  return (host) => {
    const normalised = host.toLowerCase();
    return own.has(normalised) || isLoopbackLiteral(normalised);
  };
}

/** `127.x.x.x[:port]` or `[::1][:port]`; names, `localhost` included, are not literals. */
function isLoopbackLiteral(host: string): boolean {
  const match = /^(?:\[([0-9a-f:]+)\]|([0-9.]+))(?::\d{1,5})?$/.exec(host);
  if (!match) return false;
  const [, v6, v4] = match;
  if (v4 !== undefined) return ipaddr.IPv4.isValidFourPartDecimal(v4) && ipaddr.IPv4.parse(v4).range() === 'loopback';
  return ipaddr.IPv6.isValid(v6) && ipaddr.IPv6.parse(v6).range() === 'loopback';
}
