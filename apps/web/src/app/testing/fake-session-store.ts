import { computed, signal } from '@angular/core';
import { SessionPerson, SessionStore, Workspace } from '@hub/web/core';

export const demoPerson: SessionPerson = {
  id: 'p1',
  email: 'demo@example.com',
  name: 'Demo Person',
  isInstanceAdmin: false,
};

export const demoWorkspaces: Workspace[] = [
  { id: 'w1', name: 'Demo workspace', role: 'owner' },
  { id: 'w2', name: 'Side project', role: 'member' },
];

/** A SessionStore stand-in with a person signed in to the first demo workspace. */
export function fakeSessionStore() {
  const person = signal<SessionPerson | null>(demoPerson);
  const workspace = signal<Workspace | null>(demoWorkspaces[0]);
  const store = {
    person,
    workspace,
    workspaces: signal(demoWorkspaces),
    role: computed(() => workspace()?.role ?? null),
    signedIn: computed(() => person() !== null),
    ensureLoaded: jest.fn(async () => person() !== null),
    signIn: jest.fn(async () => undefined),
    signOut: jest.fn(async () => person.set(null)),
    switchWorkspace: jest.fn(async (id: string) =>
      workspace.set(demoWorkspaces.find((candidate) => candidate.id === id) ?? null),
    ),
    clear: jest.fn(() => person.set(null)),
  };
  return store as typeof store & Pick<SessionStore, never>;
}
