import type { Session, SessionUser, Workspace } from '@hub/web/shared/api-types';

export type { Workspace };

/** The person signed in (`SessionUserDto`). */
export type SessionPerson = SessionUser;

export type WorkspaceRole = Workspace['role'];

/** `GET /api/auth/session` (`SessionDto`). */
export type SessionResponse = Session;
