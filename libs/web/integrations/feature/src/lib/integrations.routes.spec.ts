import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { EVENT_SOURCE_FACTORY } from '@hub/web/integrations/data-access';
import { INTEGRATIONS_ROUTES } from './integrations.routes';
import { IntegrationsPageComponent } from './integrations-page/integrations-page.component';

describe('INTEGRATIONS_ROUTES', () => {
  it('should render the integrations page at the empty path', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(INTEGRATIONS_ROUTES),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: EVENT_SOURCE_FACTORY,
          useValue: () => ({ addEventListener: jest.fn(), close: jest.fn() }) as unknown as EventSource,
        },
      ],
    });
    const harness = await RouterTestingHarness.create();
    const page = await harness.navigateByUrl('/', IntegrationsPageComponent);
    expect(page).toBeInstanceOf(IntegrationsPageComponent);
  });
});
