import { expect, test } from '@playwright/test';

import { readStackEnv } from '../support/stack-env';
import { signIn } from './sign-in';

const stack = readStackEnv();

test.use({ baseURL: stack.consoleUrl });

test('an operator drains a cell only after confirming, and reactivates it', async ({
  page,
}) => {
  // A cell of its own, so draining it moves no tenant another test expects.
  const cellId = 'apse1-z';

  await signIn(page, 'operator@cellplane.local', stack.seedPassword);

  const form = page.getByRole('form', { name: 'Add a cell' });
  await form.getByLabel('Cell id').fill(cellId);
  await form.getByLabel('Region').selectOption('ap-southeast');
  await form.getByLabel('Instance 1 id').fill(`${cellId}-i1`);
  await form.getByLabel('Instance 1 URL').fill('http://127.0.0.1:9198');
  await form.getByRole('button', { name: 'Add cell' }).click();

  const card = page.getByTestId(`cell-${cellId}`);
  const state = card.getByTestId('cell-state');
  await expect(card).toContainText(`${cellId}-i1`);
  await expect(state).toHaveText('active');

  // The first click only asks; cancelling leaves the cell as it was.
  await card.getByRole('button', { name: 'Drain' }).click();
  await expect(card).toContainText(`Drain ${cellId}?`);
  await card.getByRole('button', { name: 'Cancel' }).click();
  await expect(card.getByRole('button', { name: 'Drain' })).toBeVisible();
  await expect(state).toHaveText('active');

  await card.getByRole('button', { name: 'Drain' }).click();
  await card.getByRole('button', { name: 'Confirm drain' }).click();
  await expect(state).toHaveText('draining');

  // Drained state is the control-api's: it survives a reload.
  await page.reload();
  await expect(state).toHaveText('draining');

  await card.getByRole('button', { name: 'Reactivate' }).click();
  await card.getByRole('button', { name: 'Confirm reactivate' }).click();
  await expect(state).toHaveText('active');
});
