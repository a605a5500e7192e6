import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { Notifier } from '../notifier/notifier';
import { SIGN_IN_PATH, safeReturnTo } from '../session/return-to';
import { SESSION_URL, SIGN_IN_URL, SessionStore } from '../session/session.store';
import { HANDLED_ERRORS } from './handled-errors';
import { problemOf } from './problem';

export const SESSION_ENDED_MESSAGE = 'Your session ended — sign in again';

/**
 * The one global HTTP error handler. A 401 means the session ended: the person is sent to sign
 * in and brought back afterwards. Any other error is shown as one snackbar with the problem's
 * detail, unless the request set HANDLED_ERRORS. The error is re-thrown either way, so callers
 * can still reset their own state.
 */
export const httpErrorInterceptor: HttpInterceptorFn = (request, next) => {
  const notifier = inject(Notifier);
  const router = inject(Router);
  const session = inject(SessionStore);

  return next(request).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse)) {
        return throwError(() => error);
      }
      if (error.status === 401 && !answersWhoIsSignedIn(request)) {
        endSession(router, session, notifier);
      } else if (!request.context.get(HANDLED_ERRORS)) {
        notifier.error(problemOf(error).detail);
      }
      return throwError(() => error);
    }),
  );
};

/** For sign-in and the session probe a 401 is an answer ("bad credentials", "nobody"), not an ending. */
function answersWhoIsSignedIn(request: HttpRequest<unknown>): boolean {
  const path = request.url.split('?')[0];
  return path === SIGN_IN_URL || (path === SESSION_URL && request.method === 'GET');
}

function endSession(router: Router, session: SessionStore, notifier: Notifier): void {
  // Several requests can fail at once; the first one already did all of this. And after signing out
  // on purpose, whatever was still in flight is turned away too: that is no session ending.
  if (router.url.startsWith(SIGN_IN_PATH) || session.signingOut()) {
    return;
  }
  session.clear();
  notifier.info(SESSION_ENDED_MESSAGE);
  void router.navigate([SIGN_IN_PATH], {
    queryParams: { returnTo: safeReturnTo(router.url) },
  });
}
