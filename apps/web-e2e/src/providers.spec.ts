import { join } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { removeConnections, sandbox, snackBar } from './support/hub';

// A Google provider and Slack, connected from the page as a person would: Connect → the sandbox's
// consent page → back with a snackbar → the card names the account and, once the first sync is
// over, says Connected with its counts. Serial: they share the sandbox's reset.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

const PROVIDERS = [
  { id: 'google-calendar', name: 'Google Calendar' },
  { id: 'slack', name: 'Slack' },
] as const;

const SCREENSHOTS = join(__dirname, '../../../docs/screenshots');

const card = (page: Page, name: string) => page.getByRole('article', { name, exact: true });

test.beforeAll(async ({ request }) => {
  await sandbox(request, '/_sandbox/reset');
});

for (const provider of PROVIDERS) {
  test(`should connect ${provider.name} from the page, show its account and sync it`, async ({ page }) => {
    await removeConnections(page.request, provider.id);
    await page.goto('/settings/integrations');
    const providerCard = card(page, provider.name);
    await expect(providerCard).toBeVisible();
    await expect(providerCard).toHaveAccessibleDescription(/Not connected|Disconnected/);

    await providerCard.getByRole('button', { name: new RegExp(`^(Connect|Reconnect) ${provider.name}$`) }).click();
    await expect(page.getByRole('heading', { name: `Sign in to ${provider.name}` })).toBeVisible();
    await page.getByRole('button', { name: 'Allow' }).click();

    await expect(page).toHaveURL(/\/settings\/integrations$/);
    await expect(snackBar(page, `${provider.name} connected`)).toBeVisible();
    const connections = (await (await page.request.get('/api/connections')).json()) as {
      providerId: string;
      status: string;
      account: { displayName: string };
    }[];
    const connection = connections.find((c) => c.providerId === provider.id && c.status !== 'DISCONNECTED');
    expect(connection?.account.displayName).toBeTruthy();
    await expect(providerCard).toContainText(connection!.account.displayName);

    // The first sync starts by itself; its counts arrive over the live stream.
    await expect(providerCard).toHaveAccessibleDescription('Connected', { timeout: 45_000 });
    await expect(providerCard.getByText(/\d+ added · \d+ updated · \d+ deleted/)).toBeVisible({ timeout: 45_000 });
  });
}

test('should show both connected cards with their accounts (the README screenshot)', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/settings/integrations');
  for (const provider of PROVIDERS) {
    await expect(card(page, provider.name)).toHaveAccessibleDescription('Connected', { timeout: 45_000 });
  }
  await page.getByRole('heading', { name: 'Google Workspace' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(SCREENSHOTS, 'providers-connected.png'), animations: 'disabled', caret: 'hide' });
});
