import { expect, type Page, test } from '@playwright/test';

/** Every Content-Security-Policy violation the page reports, as the browser reports it (event and console). */
async function cspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (violation: string) => violations.push(violation));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`,
      ),
    ),
  );
  return violations;
}

test.describe('the web shell, served by the api', () => {
  test('should open the integrations settings page from the root address', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/settings\/integrations$/);
    await expect(page).toHaveTitle('Integrations · Integrations Hub');
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
    await expect(page.getByText('Connect the services your workspace uses and keep their data in sync.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Integrations', exact: true })).toHaveAttribute('aria-current', 'page');
  });

  test('should serve the page on a deep link and reload (SPA fallback)', async ({ page }) => {
    const response = await page.goto('/settings/integrations');
    expect(response?.status()).toBe(200);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
  });

  test('should load fonts and icons from the hub itself, never from another host', async ({ page }) => {
    const foreign: string[] = [];
    page.on('request', (request) => {
      const { hostname } = new URL(request.url());
      if (hostname !== '127.0.0.1' && !request.url().startsWith('data:')) foreign.push(request.url());
    });
    await page.goto('/settings/integrations');
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check('16px Roboto'))).toBe(true);
    expect(await page.evaluate(() => document.fonts.check('24px "Material Icons"'))).toBe(true);
    expect(foreign).toEqual([]);
  });

  test('should follow the system dark preference', async ({ browser }) => {
    const backgroundOf = async (colorScheme: 'light' | 'dark') => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto('/settings/integrations');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await context.close();
      const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    expect(await backgroundOf('light')).toBeGreaterThan(0.8);
    expect(await backgroundOf('dark')).toBeLessThan(0.2);
  });

  test('should offer the navigation behind a menu button on a phone', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto('/settings/integrations');
    const menu = page.getByRole('button', { name: /navigation|menu/i });
    await menu.click();
    await page.getByRole('link', { name: 'Integrations', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/integrations$/);
    await context.close();
  });

  test('should load the page and the sign-in page with no Content-Security-Policy violation', async ({
    browser,
    page,
  }) => {
    const violations = await cspViolations(page);
    const response = await page.goto('/settings/integrations');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
    await page.evaluate(() => document.fonts.ready);

    const signedOut = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const signIn = await signedOut.newPage();
    const signInViolations = await cspViolations(signIn);
    await signIn.goto('/sign-in');
    await expect(signIn.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await signedOut.close();
    expect([...violations, ...signInViolations]).toEqual([]);
  });

  test('should show a not-found page with a way back for unknown addresses', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByText(/page not found/i)).toBeVisible();
    await page
      .getByRole('link', { name: /integrations/i })
      .last()
      .click();
    await expect(page).toHaveURL(/\/settings\/integrations$/);
  });
});

test.describe('the API documentation', () => {
  test('should render Swagger UI with the health endpoints, with no Content-Security-Policy violation', async ({
    page,
  }) => {
    const violations = await cspViolations(page);
    await page.goto('/api/docs');
    await expect(page.getByRole('heading', { name: /Integrations Hub API/ })).toBeVisible();
    await expect(page.getByText('/api/health/ready')).toBeVisible();
    expect(violations).toEqual([]);
  });

  test('should answer unknown API addresses with problem+json, not the web app', async ({ request }) => {
    const response = await request.get('/api/no-such-endpoint');
    expect(response.status()).toBe(404);
    expect(response.headers()['content-type']).toMatch(/^application\/problem\+json/);
  });
});
