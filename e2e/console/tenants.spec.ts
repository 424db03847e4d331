import { expect, test } from '@playwright/test';

import { readStackEnv } from '../support/stack-env';
import { signIn } from './sign-in';

const stack = readStackEnv();

test.use({ baseURL: stack.consoleUrl });

test('a cell’s tenant count leads to its tenants, each explained on that cell', async ({
  page,
}) => {
  await signIn(page, 'viewer@cellplane.local', stack.seedPassword);

  await page.getByTestId('cell-use1-b').getByRole('link').click();
  await expect(page).toHaveURL(/\/tenants\?cell=use1-b$/);
  await expect(
    page.getByRole('heading', { name: 'Tenants on use1-b' }),
  ).toBeVisible();

  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(20);
  for (const cell of await rows.locator('td:nth-child(4)').allTextContents()) {
    expect(cell).toBe('use1-b');
  }

  // The second page starts where the first ended.
  const firstPage = await rows.locator('td:first-child').allTextContents();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(rows.first()).not.toHaveText(new RegExp(firstPage[0] ?? ''));
  const secondPage = await rows.locator('td:first-child').allTextContents();
  expect(secondPage.some((id) => firstPage.includes(id))).toBe(false);

  const tenantId = secondPage[0] ?? '';
  await page.getByRole('link', { name: tenantId }).click();
  await expect(page.getByLabel('Tenant id')).toHaveValue(tenantId);
  await expect(page.getByTestId('placement-cell')).toHaveText('use1-b');
});
