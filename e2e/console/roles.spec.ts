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
