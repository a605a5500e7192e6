import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { appRoutes } from './app.routes';
import { NotFoundComponent } from './not-found/not-found.component';

describe('appRoutes', () => {
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideRouter(appRoutes)] });
    harness = await RouterTestingHarness.create();
  });

  it("should redirect '' to /settings/integrations", async () => {
    await harness.navigateByUrl('');
    expect(TestBed.inject(Router).url).toBe('/settings/integrations');
  });

  it('should lazy-load the integrations page at /settings/integrations', async () => {
    await harness.navigateByUrl('/settings/integrations');
    const page = (harness.fixture.nativeElement as HTMLElement).querySelector(
      'hub-integrations-page',
    );
    expect(page?.querySelector('h1')?.textContent?.trim()).toBe('Integrations');
  });

  it('should set the page title to "Integrations · Integrations Hub"', async () => {
    await harness.navigateByUrl('/settings/integrations');
    expect(TestBed.inject(Title).getTitle()).toBe(
      'Integrations · Integrations Hub',
    );
  });

  it('should show the not-found page for unknown URLs', async () => {
    const page = await harness.navigateByUrl(
      '/no/such/page',
      NotFoundComponent,
    );
    expect(page).toBeInstanceOf(NotFoundComponent);
    expect(TestBed.inject(Title).getTitle()).toBe(
      'Page not found · Integrations Hub',
    );
  });
});
