import { expect, test } from '@playwright/test';

import { readStackEnv } from '../support/stack-env';
import { signIn } from './sign-in';

const stack = readStackEnv();

test.use({ baseURL: stack.consoleUrl });

test('an operator forces a cell to limited, sees it listed, and clears it', async ({
  page,
}) => {
  const cellId = 'euc1-b';

  await signIn(page, 'operator@cellplane.local', stack.seedPassword);
  await page.getByRole('link', { name: 'Edge' }).click();
  await expect(page.getByRole('heading', { name: 'Edge' })).toBeVisible();

  const row = page.getByTestId(`degradation-${cellId}`);
  const level = row.getByTestId('degradation-level');
  await expect(level).toHaveText('from health');

  const form = page.getByRole('form', { name: 'Force a level' });
  await form.getByLabel('Cell').selectOption(cellId);
  await form.getByLabel('Level').selectOption('limited');

  // A reason is required: the API names the field and nothing changes.
  await form.getByRole('button', { name: 'Force level' }).click();
  await expect(form.getByRole('alert').first()).toBeVisible();
  await expect(level).toHaveText('from health');

  await form.getByLabel('Reason').fill('e2e: database failover drill');
  await form.getByRole('button', { name: 'Force level' }).click();
  await expect(level).toHaveText('limited');
  await expect(row).toContainText('e2e: database failover drill');
  await expect(row).toContainText('operator@cellplane.local');

  // The forced level is the control-api's: it survives a reload.
  await page.reload();
  await expect(level).toHaveText('limited');

  await row.getByRole('button', { name: 'Clear' }).click();
  await expect(level).toHaveText('from health');
});

test('a viewer sees the edge configuration but cannot change it', async ({
  page,
}) => {
  await signIn(page, 'viewer@cellplane.local', stack.seedPassword);
  await page.goto('/edge');

  await expect(
    page.getByRole('heading', { name: 'Token issuers' }),
  ).toBeVisible();
  await expect(
    page.getByText('Forcing a level needs the operator role.'),
  ).toBeVisible();
  await expect(
    page
      .getByRole('form', { name: 'Force a level' })
      .getByRole('button', { name: 'Force level' }),
  ).toBeDisabled();
});
