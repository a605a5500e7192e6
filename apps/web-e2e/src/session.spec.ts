import { type Page, expect, test } from '@playwright/test';
import { DEMO, signInWithForm, snackBar } from './support/hub';

/** Whatever Dub's card offers (connect, reconnect or sync), every one is a call to the api. */
const DUB_ACTION = /^(Connect Dub\.sh|Reconnect Dub\.sh|Sync Dub\.sh)$/;

/**
 * Clicks Dub's action, unless the page already found out that the session ended (a background read
 * answered 401 and the app went to sign-in first, taking the button away): either way an api call
 * meets the ended session, and the caller checks where the page lands.
 */
async function clickUnlessSignedOut(page: Page): Promise<void> {
  const action = page.getByRole('button', { name: DUB_ACTION });
  const signIn = page.getByRole('heading', { level: 1, name: 'Sign in' });
  await expect(action.or(signIn).first()).toBeVisible();
  if (await action.isVisible()) await action.click({ timeout: 10_000 }).catch(() => expect(signIn).toBeVisible());
}

test.describe('signing in', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('should send a signed-out person to sign in, then back to the page they asked for', async ({ page }) => {
    await page.goto('/settings/integrations?category=Databases');
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fsettings%2Fintegrations%3Fcategory%3DDatabases$/);
    await expect(page).toHaveTitle('Sign in · Integrations Hub');

    await signInWithForm(page);

    await expect(page).toHaveURL(/\/settings\/integrations\?category=Databases$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
  });

  test('should show inline errors for empty fields and a generic error for wrong credentials', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter your email address.')).toBeVisible();
    await expect(page.getByText('Enter your password.')).toBeVisible();

    await signInWithForm(page, DEMO.email, 'not-the-password');

    await expect(page.getByRole('alert')).toHaveText(/Email or password is incorrect\./);
    await expect(page.getByRole('alert')).toBeFocused();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test('should never follow a returnTo that leaves the hub', async ({ page }) => {
    await page.goto('/sign-in?returnTo=https%3A%2F%2Fevil.example%2F');
    await signInWithForm(page);
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/settings\/integrations$/);
  });
});

test.describe('an ending session', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('should land on sign-in at the next action when the session ended, and come back after signing in', async ({
    page,
  }) => {
    await page.goto('/sign-in?returnTo=%2Fsettings%2Fintegrations');
    await signInWithForm(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();

    // The session ends on the server's side (here: signed out in another tab).
    const otherTab = await page.context().newPage();
    await otherTab.goto('/settings/integrations');
    await otherTab.getByRole('button', { name: /^Account: / }).click();
    await otherTab.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(otherTab).toHaveURL(/\/sign-in$/);
    await otherTab.close();

    // The next call to the api finds out: this click, or a background read (live events, polling) first.
    await clickUnlessSignedOut(page);
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fsettings%2Fintegrations$/);
    await expect(snackBar(page, 'Your session ended — sign in again')).toBeVisible();

    await signInWithForm(page);
    await expect(page).toHaveURL(/\/settings\/integrations$/);
  });

  test('should keep the address, query included, when the session cookie is gone', async ({ page, context }) => {
    await page.goto('/sign-in?returnTo=%2Fsettings%2Fintegrations%3Fcategory%3DDatabases');
    await signInWithForm(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();

    await context.clearCookies({ name: /session/i });
    await clickUnlessSignedOut(page);

    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fsettings%2Fintegrations%3Fcategory%3DDatabases$/);
    await expect(snackBar(page, 'Your session ended — sign in again')).toBeVisible();
    await signInWithForm(page);
    await expect(page).toHaveURL(/\/settings\/integrations\?category=Databases$/);
  });
});
