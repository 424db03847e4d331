import { expect, test } from '@playwright/test';

import { readStackEnv } from '../support/stack-env';
import { signIn } from './sign-in';

const stack = readStackEnv();

test.use({ baseURL: stack.consoleUrl });

test('a viewer sees the topology but cannot add or drain cells', async ({
  page,
}) => {
  await signIn(page, 'viewer@cellplane.local', stack.seedPassword);

  await expect(page.getByTestId('cell-use1-a')).toBeVisible();
  await expect(
    page.getByTestId('cell-use1-a').getByRole('button', { name: 'Drain' }),
  ).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Add cell' })).toBeDisabled();
  await expect(
    page.getByText('Adding a cell needs the operator role.'),
  ).toBeVisible();
});

test('signing out ends the session for every page', async ({ page }) => {
  await signIn(page, 'operator@cellplane.local', stack.seedPassword);
  await expect(page.locator('.user')).toContainText('operator');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.goto('/gateways');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fgateways$/);
});
