import { Routes } from '@angular/router';
import { IntegrationsPageComponent } from './integrations-page/integrations-page.component';

/** Child routes of `settings/integrations`; the host app sets the page title. */
export const INTEGRATIONS_ROUTES: Routes = [{ path: '', component: IntegrationsPageComponent }];
