import { expect, test } from '@playwright/test';

import { E2E_GATEWAY_ID, readStackEnv } from '../support/stack-env';
import { signIn } from './sign-in';

const stack = readStackEnv();

test.use({ baseURL: stack.consoleUrl });

test('the fleet table lists the running gateway at the latest version', async ({
  page,
}) => {
  await signIn(page, 'viewer@cellplane.local', stack.seedPassword);
  await expect(page.locator('.user')).toContainText('viewer');

  await page.getByRole('link', { name: 'Gateways' }).click();
  await expect(page.getByRole('heading', { name: 'Gateways' })).toBeVisible();

  const row = page.getByRole('row', { name: new RegExp(E2E_GATEWAY_ID) });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('gateway-lag')).toHaveText('0');
  await expect(row).not.toContainText('stale');

  const applied = Number(
    await row.getByTestId('gateway-applied').textContent(),
  );
  await expect(
    page.getByText(`latest snapshot version ${applied}`),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Applied versions' }),
  ).toBeVisible();
});
