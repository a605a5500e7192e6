import type { Request } from 'express';
import type { RequestMeta } from '@hub/server/audit';

/**
 * Request id (set by the logger middleware), client address and user agent, for audit rows. The
 * address is request.ip and nothing else: the socket's peer, or with TRUST_PROXY the client a trusted
 * proxy names (a forged X-Forwarded-For from anyone else is ignored).
 */
export function requestMetaOf(request: Request): RequestMeta {
  const id = (request as Request & { id?: unknown }).id;
  return {
    requestId: typeof id === 'string' ? id : undefined,
    ip: request.ip,
    userAgent: request.get('user-agent') ?? undefined,
  };
}
