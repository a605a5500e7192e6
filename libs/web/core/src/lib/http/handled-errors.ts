import { HttpContextToken } from '@angular/common/http';

/**
 * Set on a request whose caller shows its own errors (inline form messages, a card's error
 * state): the global error interceptor then stays quiet. An ended session (401) is still handled
 * globally, since no caller can recover from it.
 *
 * `http.post(url, body, { context: new HttpContext().set(HANDLED_ERRORS, true) })`
 */
export const HANDLED_ERRORS = new HttpContextToken<boolean>(() => false);
