import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideHubHttp } from '@hub/web/core';
import { appRoutes } from './app.routes';
import { ThemePreference } from './shell/theme-preference';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(appRoutes, withComponentInputBinding()),
    provideHubHttp(),
    // Apply a stored light/dark choice before the first page renders.
    provideAppInitializer(() => void inject(ThemePreference)),
  ],
};
