import { type Page, expect, test } from '@playwright/test';
import { join } from 'node:path';
import { removeConnections } from './support/hub';

/**
 * The machine's PostgreSQL (loopback is allowlisted in development), in its `postgres` database: the
 * test database is the hub's own here, which the connector refuses (ADR 0009).
 */
const target = new URL(process.env['TEST_DATABASE_URL'] ?? 'postgres://hub:hub@127.0.0.1:5432/hub_test');
const DATABASE = 'postgres';

const postgresCard = (page: Page) => page.getByRole('article', { name: 'PostgreSQL' });

test.use({ viewport: { width: 1440, height: 1000 } });

test('should validate the PostgreSQL form, test the connection and save it as Connected', async ({ page }) => {
  await removeConnections(page.request, 'postgresql');
  await page.goto('/settings/integrations');
  await postgresCard(page)
    .getByRole('button', { name: /^(Connect|Reconnect) PostgreSQL$/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Connect PostgreSQL' });

  // Nothing filled in: every required field says so, and nothing is sent.
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.locator('mat-error').first()).toBeVisible();
  // The message is tied to its field (an empty required field is announced through aria-required
  // and this description; Material leaves aria-invalid off while it is empty).
  await expect(dialog.getByRole('textbox', { name: 'Host' })).toHaveAccessibleDescription('Host is required.');

  await dialog.getByRole('textbox', { name: 'Host' }).fill(target.hostname);
  await dialog.getByRole('textbox', { name: 'Database' }).fill(DATABASE);
  await dialog.getByRole('textbox', { name: 'User' }).fill(decodeURIComponent(target.username));
  await dialog.getByLabel('Password').fill('anything-trust-auth');
  await dialog.getByRole('combobox', { name: 'SSL' }).click();
  await page.getByRole('option', { name: /No encryption/ }).click();

  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.locator('.result-ok')).toBeVisible({ timeout: 20_000 });
  // The dialog as people see it after a good test (docs/screenshots/postgresql-dialog.png).
  await dialog.getByRole('button', { name: 'Test connection' }).blur();
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({
    path: join(__dirname, '../../../docs/screenshots/postgresql-dialog.png'),
    animations: 'disabled',
    caret: 'hide',
  });

  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
  const card = postgresCard(page);
  await expect(card).toHaveAccessibleDescription(/^(Connected|Syncing)$/);
  await expect(card).toContainText(DATABASE);
});
