/** Who did something, as the audit log and use cases see it. */
export type Actor =
  | { readonly type: 'user'; readonly userId: string; readonly label: string }
  | { readonly type: 'api_key'; readonly apiKeyId: string; readonly label: string }
  | { readonly type: 'system'; readonly label: string }
  | { readonly type: 'anonymous'; readonly label?: string };

/** Where a request came from: correlates audit rows with logs. */
export interface RequestMeta {
  readonly requestId?: string;
  readonly ip?: string;
  readonly userAgent?: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', label: 'system' };

export function actorId(actor: Actor): string | null {
  if (actor.type === 'user') return actor.userId;
  if (actor.type === 'api_key') return actor.apiKeyId;
  return null;
}
