import { type APIRequestContext, type Page, expect } from '@playwright/test';
import { join } from 'node:path';

/** The development seed's demo person. */
export const DEMO = { email: 'demo@example.com', password: 'hub-demo-password' } as const;

/** The ports the config gives the hub: api on E2E_PORT, the provider sandbox two above it. */
const PORT = Number(process.env['E2E_PORT'] ?? '4310');
export const SANDBOX_URL = `http://127.0.0.1:${PORT + 2}`;

/** Where the setup project leaves the signed-in demo session for the other tests. */
export const DEMO_STORAGE_STATE = join(__dirname, '../../../../tmp/web-e2e/.auth/demo.json');

/** Sign-in attempts are rate limited per address (30 per 10 minutes): tests sign in through the form only where that is what they test. */
export async function signInWithForm(page: Page, email: string = DEMO.email, password: string = DEMO.password) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * The snackbar saying `text`. Several can be in the page for a moment (a new one replaces the old
 * one, which leaves with an animation), so it is picked by what it says.
 */
export function snackBar(page: Page, text: string | RegExp) {
  return page.locator('mat-snack-bar-container').filter({ hasText: text });
}

interface ConnectionSummary {
  id: string;
  providerId: string;
  status: string;
}

/** Removes the demo workspace's connections to `provider`, so a test starts from "Not connected". */
export async function removeConnections(request: APIRequestContext, provider: string): Promise<void> {
  const xsrf = await xsrfHeader(request);
  const response = await request.get('/api/connections');
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as ConnectionSummary[] | { items: ConnectionSummary[] };
  const connections = Array.isArray(body) ? body : body.items;
  for (const connection of connections.filter((c) => c.providerId === provider && c.status !== 'DISCONNECTED')) {
    const removed = await request.delete(`/api/connections/${connection.id}?purge=true`, { headers: xsrf });
    expect(removed.ok(), `DELETE /api/connections/${connection.id} answered ${removed.status()}`).toBe(true);
  }
}

async function xsrfHeader(request: APIRequestContext): Promise<Record<string, string>> {
  const { cookies } = await request.storageState();
  const token = cookies.find((cookie) => cookie.name === 'XSRF-TOKEN')?.value ?? '';
  return { 'X-XSRF-TOKEN': token };
}

/** Sandbox controls (development and tests only). */
export async function sandbox(request: APIRequestContext, path: string, body?: object): Promise<void> {
  const response = await request.post(`${SANDBOX_URL}${path}`, body ? { data: body } : undefined);
  expect(response.ok(), `${path} answered ${response.status()}`).toBe(true);
}
