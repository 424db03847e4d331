import { expect, test, type Page } from '@playwright/test';

import { E2E_GATEWAY_ID, readStackEnv } from '../support/stack-env';
import { signIn } from './sign-in';

const stack = readStackEnv();

test.use({ baseURL: stack.consoleUrl });

async function signInAsAdmin(page: Page): Promise<void> {
  await signIn(page, 'admin@cellplane.local', stack.seedPassword);
  await expect(page.locator('.user')).toContainText('admin');
}

test('an admin adds a cell, pins a tenant to it and sees the placement move', async ({
  page,
}) => {
  // Every run starts from a fresh seeded database, so fixed ids are unique
  // and the ring places this tenant on one of the seeded cells.
  const cellId = 'euc1-c';
  const tenantId = 't-00042';

  await signInAsAdmin(page);

  // Add a cell with one instance in eu-central.
  const form = page.getByRole('form', { name: 'Add a cell' });
  await form.getByLabel('Cell id').fill(cellId);
  await form.getByLabel('Region').selectOption('eu-central');
  await form.getByLabel('Capacity (RPS)').fill('5000');
  await form.getByLabel('Instance 1 id').fill(`${cellId}-i1`);
  await form.getByLabel('Instance 1 URL').fill('http://127.0.0.1:9199');
  await form.getByRole('button', { name: 'Add cell' }).click();

  await expect(form.getByRole('status')).toHaveText(`Cell ${cellId} added.`);
  const card = page.getByTestId(`cell-${cellId}`);
  await expect(card.getByTestId('cell-state')).toHaveText('active');
  await expect(card).toContainText('5,000 RPS');
  await expect(card).toContainText(`${cellId}-i1`);

  // Look the tenant up: placed by the ring, on some cell.
  await page.getByRole('link', { name: 'Tenants' }).click();
  await page.getByLabel('Tenant id').fill(tenantId);
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page).toHaveURL(new RegExp(`tenant=${tenantId}$`));

  const placement = page.getByTestId('placement');
  await expect(placement.getByTestId('placement-source')).toHaveText('ring');
  const cellBefore = await placement
    .getByTestId('placement-cell')
    .textContent();
  expect(cellBefore).not.toBe(cellId);
  const versionBefore = Number(
    await placement.getByTestId('placement-version').textContent(),
  );

  // Pin it to the new cell.
  const pin = page.getByRole('form', { name: 'Pin tenant' });
  await pin.getByLabel('Cell').selectOption(cellId);
  await pin.getByRole('button', { name: 'Pin tenant' }).click();

  await expect(placement.getByTestId('placement-cell')).toHaveText(cellId);
  await expect(placement.getByTestId('placement-source')).toHaveText(
    'override',
  );
  await expect(placement).toContainText('admin@cellplane.local');
  const versionAfter = Number(
    await placement.getByTestId('placement-version').textContent(),
  );
  expect(versionAfter).toBeGreaterThan(versionBefore);

  // The override is the control-api's state, not the page's: reload.
  await page.reload();
  await expect(placement.getByTestId('placement-cell')).toHaveText(cellId);
  await expect(placement.getByTestId('placement-region')).toHaveText(
    'eu-central',
  );

  // The gateway the stack runs has applied the snapshot with the override.
  await page.getByRole('link', { name: 'Gateways' }).click();
  const row = page.getByRole('row', { name: new RegExp(E2E_GATEWAY_ID) });
  await expect
    .poll(
      async () =>
        Number(await row.getByTestId('gateway-applied').textContent()),
      { timeout: 15_000 },
    )
    .toBeGreaterThanOrEqual(versionAfter);
});

test('the add-cell form shows the API’s field-level validation errors', async ({
  page,
}) => {
  await signInAsAdmin(page);

  const form = page.getByRole('form', { name: 'Add a cell' });
  await form.getByLabel('Cell id').fill('Not A Valid Id');
  await form.getByLabel('Capacity (RPS)').fill('0');
  await form.getByRole('button', { name: 'Add cell' }).click();

  await expect(form.locator('#id-error')).toContainText('must be 1-63 chars');
  await expect(form.locator('#capacityRps-error')).toBeVisible();
  await expect(form.getByLabel('Cell id')).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(page.getByTestId('cell-Not A Valid Id')).toHaveCount(0);
});
