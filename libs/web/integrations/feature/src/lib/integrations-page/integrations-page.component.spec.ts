import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Notifier } from '@hub/web/core';
import { BROWSER_REDIRECT, EVENT_SOURCE_FACTORY } from '@hub/web/integrations/data-access';
import type { IntegrationCatalog } from '@hub/web/shared/api-types';
import { IntegrationsPageComponent } from './integrations-page.component';

/** GET /api/integrations as openapi/api.json documents it (IntegrationCatalogDto), trimmed to what the page reads. */
function integration(id: string, name: string, category: string, extra: object = {}) {
  return {
    id,
    name,
    description: `${name} data in the hub.`,
    category,
    logoUrl: `/providers/${id}.svg`,
    docsUrl: 'https://example.com',
    availability: 'available',
    connectMethod: 'oauth2',
    setupRequired: false,
    scopes: [],
    credentialFields: [],
    syncResources: [],
    connections: [],
    ...extra,
  };
}
const catalog = {
  categories: [
    {
      name: 'Google Workspace',
      integrations: [
        integration('google-drive', 'Google Drive', 'Google Workspace', { availability: 'coming-soon' }),
        integration('gmail', 'Gmail', 'Google Workspace', { availability: 'coming-soon' }),
      ],
    },
    { name: 'Databases', integrations: [integration('postgresql', 'PostgreSQL', 'Databases')] },
    { name: 'Marketing', integrations: [integration('dub', 'Dub', 'Marketing')] },
  ],
} as unknown as IntegrationCatalog;

/** The catalog once Dub is connected (ConnectionDto, trimmed to what the page reads). */
const withActiveDub = {
  categories: catalog.categories.map((category) => ({
    ...category,
    integrations: category.integrations.map((i) =>
      i.id === 'dub'
        ? {
            ...i,
            connections: [
              {
                id: 'conn-dub',
                providerId: 'dub',
                status: 'ACTIVE',
                statusReason: null,
                statusMessage: null,
                externalAccountId: 'ws_1',
                account: { displayName: 'Acme Links' },
                grantedScopes: [],
                connectedAt: '2026-03-01T09:00:00.000Z',
                hasRefreshToken: true,
                syncEnabled: true,
                syncFrequencyMinutes: 60,
                lastSyncedAt: null,
                lastSyncRun: null,
                syncSelection: [],
              },
            ],
          }
        : i,
    ),
  })),
};

describe('IntegrationsPageComponent', () => {
  let http: HttpTestingController;
  let notifier: { success: jest.Mock; error: jest.Mock; info: jest.Mock };
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    notifier = { success: jest.fn(), error: jest.fn(), info: jest.fn() };
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: 'settings/integrations', component: IntegrationsPageComponent }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: Notifier, useValue: notifier },
        { provide: BROWSER_REDIRECT, useValue: jest.fn() },
        {
          provide: EVENT_SOURCE_FACTORY,
          useValue: () => ({ addEventListener: jest.fn(), close: jest.fn() }) as unknown as EventSource,
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  async function open(url = '/settings/integrations') {
    const page = await harness.navigateByUrl(url, IntegrationsPageComponent);
    const element = harness.routeNativeElement as HTMLElement;
    return { page, element, loader: TestbedHarnessEnvironment.loader(harness.fixture) };
  }

  async function answer(body: object = catalog) {
    http.expectOne('/api/integrations').flush(body);
    await harness.fixture.whenStable();
  }

  const headings = (element: HTMLElement, level: string) =>
    [...element.querySelectorAll(level)].map((h) => h.textContent?.trim());

  it('should show skeleton cards, not a blank page, while the catalog loads', async () => {
    const { element } = await open();
    expect(element.querySelector('[aria-busy="true"]')).toBeTruthy();
    expect(element.querySelectorAll('.skeleton').length).toBeGreaterThan(0);
    await answer();
    expect(element.querySelector('.skeleton')).toBeNull();
  });

  it('should render the title as the only h1, then one h2 per category in the catalog’s order', async () => {
    const { element } = await open();
    await answer();
    expect(headings(element, 'h1')).toEqual(['Integrations']);
    expect(element.querySelector('.page-description')?.textContent?.trim()).toBe(
      'Connect the services your workspace uses and keep their data in sync.',
    );
    expect(headings(element, 'h2')).toEqual(['Google Workspace', 'Databases', 'Marketing']);
    expect(headings(element, 'h3')).toEqual(['Google Drive', 'Gmail', 'PostgreSQL', 'Dub']);
  });

  it('should offer Retry when the catalog cannot be read', async () => {
    const { element } = await open();
    http
      .expectOne('/api/integrations')
      .flush(
        { title: 'Service Unavailable', detail: 'The database is unavailable.' },
        { status: 503, statusText: 'x' },
      );
    await harness.fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('The database is unavailable.');
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Retry')!.click();
    await answer();
    expect(headings(element, 'h2')).toEqual(['Google Workspace', 'Databases', 'Marketing']);
  });

  it('should filter by search and by category, and say when nothing matches', async () => {
    const { element, loader, page } = await open();
    await answer();
    const search = await loader.getHarness(MatInputHarness);
    await search.setValue('dub');
    expect(page.search()).toBe('dub');
    expect(headings(element, 'h3')).toEqual(['Dub']);

    await search.setValue('');
    const category = await loader.getHarness(MatSelectHarness);
    await category.open();
    const options = await category.getOptions();
    expect(await Promise.all(options.map((o) => o.getText()))).toEqual([
      'All categories',
      'Google Workspace',
      'Databases',
      'Communication',
      'Microsoft 365',
      'Marketing',
      'Analytics',
    ]);
    await category.clickOptions({ text: 'Databases' });
    expect(headings(element, 'h2')).toEqual(['Databases']);

    await search.setValue('slack');
    expect(element.textContent).toContain('No integrations match');
    [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Clear filters')!.click();
    await harness.fixture.whenStable();
    expect(headings(element, 'h2')).toEqual(['Google Workspace', 'Databases', 'Marketing']);
  });

  it('should confirm an OAuth connection by name and clean the query string', async () => {
    sessionStorage.setItem('hub.integrations.connecting', 'dub');
    await open('/settings/integrations?success=dub_connected');
    // The server confirms it: the catalog shows Dub's connection, active.
    await answer(withActiveDub);
    expect(notifier.success).toHaveBeenCalledWith('Dub connected');
    expect(TestBed.inject(Router).url).toBe('/settings/integrations');
  });

  it('should not announce a made-up success link, and still clean the query string', async () => {
    await open('/settings/integrations?success=anything_connected');
    await answer();
    expect(notifier.success).not.toHaveBeenCalled();
    expect(TestBed.inject(Router).url).toBe('/settings/integrations');
  });

  it('should explain an OAuth error in words and clean the query string', async () => {
    sessionStorage.setItem('hub.integrations.connecting', 'dub');
    await open('/settings/integrations?error=access_denied');
    await answer();
    expect(notifier.error).toHaveBeenCalledWith('Dub connection was cancelled.', expect.anything());
    expect(TestBed.inject(Router).url).toBe('/settings/integrations');
  });
});
