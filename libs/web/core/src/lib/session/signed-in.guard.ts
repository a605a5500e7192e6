import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { SIGN_IN_PATH } from './return-to';
import { SessionStore } from './session.store';

/** Lets signed-in people through; sends everyone else to sign in, then back here. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  return (await inject(SessionStore).ensureLoaded())
    ? true
    : router.createUrlTree([SIGN_IN_PATH], {
        queryParams: { returnTo: state.url },
      });
};

/** Keeps signed-in people off the sign-in page. */
export const signedOutGuard: CanActivateFn = async () => {
  const router = inject(Router);
  return (await inject(SessionStore).ensureLoaded()) ? router.parseUrl('/') : true;
};
