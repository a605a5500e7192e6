import { type Page, expect, test } from '@playwright/test';
import { removeConnections, sandbox, snackBar } from './support/hub';

// These tests share the demo workspace's Dub connection: one at a time, each from "not connected".
// A connect, a sync and a disconnect go through the api, the worker and the sandbox: more than the
// default 30 s on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

const dubCard = (page: Page) => page.getByRole('article', { name: 'Dub.sh' });
/** The card's status, as read out: the card is described by its status chip. */
const expectDubStatus = (page: Page, status: string | RegExp, options?: { timeout: number }) =>
  expect(dubCard(page)).toHaveAccessibleDescription(status, options);

async function openIntegrations(page: Page) {
  await page.goto('/settings/integrations');
  await expect(dubCard(page)).toBeVisible();
}

/** Connect Dub through the sandbox's consent page (a real oidc-provider interaction). */
async function connectDub(page: Page, decision: 'Allow' | 'Deny' = 'Allow') {
  await dubCard(page)
    .getByRole('button', { name: /^(Connect|Reconnect) Dub\.sh$/ })
    .click();
  await page.getByRole('button', { name: decision }).click();
  await expect(page).toHaveURL(/\/settings\/integrations/);
}

test.beforeEach(async ({ page }) => {
  await sandbox(page.request, '/_sandbox/reset');
  await removeConnections(page.request, 'dub');
});

test('should connect Dub through the consent page, sync it, change its frequency and disconnect it', async ({
  page,
}) => {
  await openIntegrations(page);
  await connectDub(page);

  await expect(snackBar(page, 'Dub.sh connected')).toBeVisible();
  const card = dubCard(page);
  await expect(card).toContainText('Sandbox Workspace');
  // The first sync starts by itself; once it is over the card says Connected.
  await expectDubStatus(page, 'Connected', { timeout: 30_000 });

  // Dub answers the run's first page with 429 and Retry-After: 3, so the run is visibly under way for a while.
  await sandbox(page.request, '/_sandbox/dub/faults', {
    status: 429,
    times: 1,
    retryAfterSeconds: 3,
    pathPrefix: '/links',
  });
  await card.getByRole('button', { name: 'Sync now: Dub.sh' }).click();
  await expectDubStatus(page, 'Syncing');
  await expect(card.getByRole('progressbar')).toBeVisible();
  // The end arrives over the live stream: the counts, the last sync time and a snackbar, without a reload.
  await expect(snackBar(page, /Dub\.sh synced: \d+ added, \d+ updated, \d+ deleted/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(card.getByText(/\d+ added · \d+ updated · \d+ deleted/)).toBeVisible();
  await expect(card.locator('.last-sync')).toBeVisible();
  await expectDubStatus(page, 'Connected');

  await card.getByRole('button', { name: 'Dub.sh settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Dub.sh settings' });
  await settings.getByRole('combobox', { name: 'Sync frequency' }).click();
  await page.getByRole('option').last().click();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toBeHidden();
  await expect(snackBar(page, 'Dub.sh settings saved')).toBeVisible();

  await card.getByRole('button', { name: 'Disconnect Dub.sh' }).click();
  const confirm = page.getByRole('dialog', { name: 'Disconnect Dub.sh?' });
  await confirm.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expectDubStatus(page, 'Disconnected');
  await expect(card.getByRole('button', { name: 'Reconnect Dub.sh' })).toBeVisible();
});

test('should leave the card unchanged and say so when consent is denied at the provider', async ({ page }) => {
  await openIntegrations(page);
  const statusBefore = await dubCard(page).locator('hub-status-chip').innerText();

  await connectDub(page, 'Deny');

  await expect(snackBar(page, /denied|declined|cancel/i)).toBeVisible();
  await expect(dubCard(page).locator('hub-status-chip')).toHaveText(statusBefore, { useInnerText: true });
});

test('should show Error with the reason and offer Reconnect when the provider stops accepting the connection', async ({
  page,
}) => {
  await openIntegrations(page);
  await connectDub(page);
  await expectDubStatus(page, /^(Connected|Syncing)$/);

  // The provider revokes everything: the access token stops working and the refresh gets invalid_grant.
  await sandbox(page.request, '/_sandbox/dub/expire-access-tokens');
  await sandbox(page.request, '/_sandbox/dub/expire-refresh-tokens');
  await dubCard(page).getByRole('button', { name: 'Sync now: Dub.sh' }).click();

  const card = dubCard(page);
  await expectDubStatus(page, 'Error', { timeout: 30_000 });
  await expect(card.getByRole('alert')).toContainText('Dub.sh no longer accepts this connection; connect it again.');
  await expect(card.getByRole('button', { name: 'Reconnect Dub.sh' })).toBeVisible();
});

test('should connect and disconnect with the keyboard alone', async ({ page }) => {
  await openIntegrations(page);
  const connect = dubCard(page).getByRole('button', { name: /^(Connect|Reconnect) Dub\.sh$/ });
  await connect.focus();
  await expect(connect).toBeFocused();
  await page.keyboard.press('Enter');

  // The consent page: Tab to "Allow" and press Enter.
  const allow = page.getByRole('button', { name: 'Allow' });
  await expect(allow).toBeVisible();
  for (let presses = 0; presses < 20 && !(await allow.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(allow).toBeFocused();
  await page.keyboard.press('Enter');
  await expectDubStatus(page, /^(Connected|Syncing)$/);

  // Tab from the card's first action to Disconnect.
  const disconnect = dubCard(page).getByRole('button', { name: 'Disconnect Dub.sh' });
  await dubCard(page).getByRole('button', { name: 'Sync now: Dub.sh' }).focus();
  for (let presses = 0; presses < 5 && !(await disconnect.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(disconnect).toBeFocused();
  await page.keyboard.press('Enter');

  // Escape cancels; focus goes back to the button that opened the dialog.
  const confirm = page.getByRole('dialog', { name: 'Disconnect Dub.sh?' });
  await expect(confirm).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expectDubStatus(page, /^(Connected|Syncing)$/);
  await expect(disconnect).toBeFocused();

  // Enter again, Tab from Cancel (focused first, the safe choice) to Disconnect, Enter.
  await page.keyboard.press('Enter');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  const confirmButton = confirm.getByRole('button', { name: 'Disconnect', exact: true });
  for (
    let presses = 0;
    presses < 5 && !(await confirmButton.evaluate((el) => el === document.activeElement));
    presses++
  ) {
    await page.keyboard.press('Tab');
  }
  await expect(confirmButton).toBeFocused();
  await page.keyboard.press('Enter');
  await expectDubStatus(page, 'Disconnected');
});
