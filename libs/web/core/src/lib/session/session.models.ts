/** The person signed in (`SessionUserDto`). */
export interface SessionPerson {
  id: string;
  email: string;
  name: string;
  isInstanceAdmin: boolean;
}

export type WorkspaceRole = 'owner' | 'admin' | 'member';

/** A workspace and the person's role in it (`WorkspaceDto`). */
export interface Workspace {
  id: string;
  name: string;
  role: WorkspaceRole;
}

/** `GET /api/auth/session` (`SessionDto`). */
export interface SessionResponse {
  user: SessionPerson | null;
  workspace: Workspace | null;
  workspaces: Workspace[];
}
