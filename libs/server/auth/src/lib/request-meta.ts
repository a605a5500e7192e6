import type { Request } from 'express';
import type { RequestMeta } from '@hub/server/audit';

/** Request id (set by the logger middleware), client address and user agent, for audit rows. */
export function requestMetaOf(request: Request): RequestMeta {
  const id = (request as Request & { id?: unknown }).id;
  return {
    requestId: typeof id === 'string' ? id : undefined,
    ip: request.ip ?? request.socket?.remoteAddress,
    userAgent: request.get('user-agent') ?? undefined,
  };
}
