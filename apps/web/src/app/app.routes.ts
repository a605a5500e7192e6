import { Route } from '@angular/router';

export const appRoutes: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: 'settings/integrations' },
  {
    path: 'settings/integrations',
    title: 'Integrations · Integrations Hub',
    loadChildren: () =>
      import('@hub/web/integrations/feature').then(
        (m) => m.INTEGRATIONS_ROUTES,
      ),
  },
  {
    path: '**',
    title: 'Page not found · Integrations Hub',
    loadComponent: () =>
      import('./not-found/not-found.component').then(
        (m) => m.NotFoundComponent,
      ),
  },
];
