import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { join } from 'node:path';

const SCREENSHOTS = join(__dirname, '../../../docs/screenshots');

/** axe on what is on screen now: no serious or critical findings. */
async function expectNoSeriousViolations(page: Page, what: string) {
  // Measure the settled page: an error message fading in has not reached its colours yet.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          document
            .getAnimations()
            .filter(
              (animation) =>
                animation.playState === 'running' && animation.effect?.getComputedTiming().iterations !== Infinity,
            ).length,
      ),
    )
    .toBe(0);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `${what}: ${serious.join('\n')}`).toEqual([]);
}

/** Screenshots without the moving parts (progress, caret). */
async function screenshot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(SCREENSHOTS, name), animations: 'disabled', caret: 'hide' });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test(`should have no serious accessibility findings on sign-in (${colorScheme})`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme, storageState: { cookies: [], origins: [] } });
      const page = await context.newPage();
      await page.goto('/sign-in');
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
      await expectNoSeriousViolations(page, 'sign-in');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByText('Enter your email address.')).toBeVisible();
      await expectNoSeriousViolations(page, 'sign-in with errors');
      if (colorScheme === 'light') {
        await page.reload();
        await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
        await screenshot(page, 'sign-in.png');
      }
      await context.close();
    });

    test(`should have no serious accessibility findings on the integrations page and its dialogs (${colorScheme})`, async ({
      page,
    }) => {
      await page.setViewportSize({ width: 1440, height: 1000 });
      await page.goto('/settings/integrations');
      const postgres = page.getByRole('article', { name: 'PostgreSQL' });
      await expect(postgres).toBeVisible();
      await expectNoSeriousViolations(page, 'integrations page');
      await screenshot(page, `integrations-desktop-${colorScheme}.png`);

      await page.getByRole('button', { name: /^Workspace: / }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await expectNoSeriousViolations(page, 'workspace menu');
      await page.keyboard.press('Escape');

      // The PostgreSQL dialog (connect, or edit its details when already connected).
      const connect = postgres.getByRole('button', { name: /^(Connect|Reconnect) PostgreSQL$/ });
      const settingsButton = postgres.getByRole('button', { name: 'PostgreSQL settings' });
      await expect(connect.or(settingsButton)).toBeVisible();
      if (await connect.isVisible()) {
        await connect.click();
      } else {
        await settingsButton.click();
        await expectNoSeriousViolations(page, 'settings dialog');
        await page.getByRole('button', { name: 'Edit connection details' }).click();
      }
      const dialog = page.getByRole('dialog', { name: /PostgreSQL$/ });
      await expect(dialog).toBeVisible();
      await expectNoSeriousViolations(page, 'PostgreSQL dialog');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();

      // A disconnect confirmation, when something is connected.
      const disconnect = page.getByRole('button', { name: /^Disconnect / }).first();
      if (await disconnect.isVisible()) {
        await disconnect.click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await expectNoSeriousViolations(page, 'disconnect dialog');
        await page.keyboard.press('Escape');
      }
    });
  });
}

test('should fit a phone screen', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    storageState: join(__dirname, '../../../tmp/web-e2e/.auth/demo.json'),
  });
  const page = await context.newPage();
  await page.goto('/settings/integrations');
  await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
  await expect(page.getByRole('article').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectNoSeriousViolations(page, 'phone');
  await screenshot(page, 'integrations-phone.png');
  await context.close();
});
