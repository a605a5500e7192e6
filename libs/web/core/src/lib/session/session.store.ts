import { HttpClient, HttpContext } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { HANDLED_ERRORS } from '../http/handled-errors';
import { SessionPerson, SessionResponse, Workspace } from './session.models';

export const SESSION_URL = '/api/auth/session';
export const SIGN_IN_URL = '/api/auth/sign-in';
export const SIGN_OUT_URL = '/api/auth/sign-out';
export const SWITCH_WORKSPACE_URL = '/api/auth/session/workspace';

const handledErrors = () => new HttpContext().set(HANDLED_ERRORS, true);

/**
 * Who is signed in, in which workspace, with which role. The session itself is an httpOnly
 * cookie: nothing here is stored in the browser.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly http = inject(HttpClient);
  private readonly session = signal<SessionResponse | null>(null);
  private loading: Promise<boolean> | null = null;
  private readonly signedOutHere = signal(false);

  readonly person = computed<SessionPerson | null>(() => this.session()?.user ?? null);
  readonly workspace = computed<Workspace | null>(() => this.session()?.workspace ?? null);
  readonly workspaces = computed<Workspace[]>(() => this.session()?.workspaces ?? []);
  readonly role = computed(() => this.workspace()?.role ?? null);
  readonly signedIn = computed(() => this.person() !== null);
  /**
   * The person chose to sign out in this tab: requests still in flight that now answer 401 are
   * expected, not a session that ended (no "sign in again" message, no return address).
   */
  readonly signingOut = this.signedOutHere.asReadonly();

  /**
   * Loads the session once (at startup, from the guard); `true` when someone is signed in.
   * A 401 simply means nobody is.
   */
  ensureLoaded(): Promise<boolean> {
    if (this.signedIn()) {
      return Promise.resolve(true);
    }
    this.loading ??= firstValueFrom(this.http.get<SessionResponse>(SESSION_URL, { context: handledErrors() }))
      .then((session) => {
        this.session.set(session);
        this.signedOutHere.set(false);
        return this.signedIn();
      })
      .catch(() => false)
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /** Signs in; errors (401, 429) are left to the caller, which shows them inline. */
  async signIn(email: string, password: string): Promise<void> {
    this.session.set(
      await firstValueFrom(
        this.http.post<SessionResponse>(SIGN_IN_URL, { email, password }, { context: handledErrors() }),
      ),
    );
    this.signedOutHere.set(false);
  }

  async signOut(): Promise<void> {
    this.signedOutHere.set(true);
    try {
      await firstValueFrom(this.http.post<void>(SIGN_OUT_URL, null));
    } finally {
      this.clear();
    }
  }

  async switchWorkspace(workspaceId: string): Promise<void> {
    this.session.set(await firstValueFrom(this.http.put<SessionResponse>(SWITCH_WORKSPACE_URL, { workspaceId })));
  }

  /** Forgets the session locally (it ended on the server). */
  clear(): void {
    this.session.set(null);
  }
}
