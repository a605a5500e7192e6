import { expect, test as setup } from '@playwright/test';
import { DEMO, DEMO_STORAGE_STATE } from './support/hub';

// One sign-in for the whole run: the api limits sign-in attempts per address.
setup('sign in as the demo person', async ({ request }) => {
  const response = await request.post('/api/auth/sign-in', { data: DEMO });
  expect(response.status()).toBe(200);
  await request.storageState({ path: DEMO_STORAGE_STATE });
});
