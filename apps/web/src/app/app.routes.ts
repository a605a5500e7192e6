import { Route } from '@angular/router';
import { signedInGuard, signedOutGuard } from '@hub/web/core';

export const appRoutes: Route[] = [
  {
    path: 'sign-in',
    title: 'Sign in · Integrations Hub',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./sign-in/sign-in-page.component').then((m) => m.SignInPageComponent),
  },
  {
    path: '',
    canActivateChild: [signedInGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'settings/integrations' },
      {
        path: 'settings/integrations',
        title: 'Integrations · Integrations Hub',
        loadChildren: () => import('@hub/web/integrations/feature').then((m) => m.INTEGRATIONS_ROUTES),
      },
      {
        path: '**',
        title: 'Page not found · Integrations Hub',
        loadComponent: () => import('./not-found/not-found.component').then((m) => m.NotFoundComponent),
      },
    ],
  },
];
