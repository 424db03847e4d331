import { expect, test } from '@playwright/test';

import { signIn } from './console/sign-in';
import { readStackEnv } from './support/stack-env';

const stack = readStackEnv();

test.use({ baseURL: stack.consoleUrl });

test('the policy page shows the seeded policy, the decisions chart and the bundles', async ({
  page,
}) => {
  await signIn(page, 'viewer@cellplane.local', stack.seedPassword);

  await page.getByRole('link', { name: 'Policy' }).click();
  await expect(
    page.getByRole('heading', { name: 'Policy', exact: true }),
  ).toBeVisible();

  // The seed compiled policies/default and activated it.
  const active = page.getByRole('region', { name: 'Active policy' });
  await expect(active).toContainText('cellplane/authz/allow');
  await expect(page.getByTestId('active-revision')).toHaveText(
    /^[0-9a-f]{12}$/,
  );

  await expect(
    page.getByRole('heading', { name: /Decisions, last 60 minutes/ }),
  ).toBeVisible();
  const chart = page.getByTestId('decision-chart');
  await expect(chart.getByRole('application')).toBeVisible();
  await expect(
    chart.getByRole('img', { name: 'deny legend icon' }),
  ).toBeVisible();
  await expect(page.getByTestId('dropped-decisions')).toHaveText(/^\d+$/);

  const row = page.getByRole('row', { name: /active/ });
  await expect(row).toBeVisible();
  await expect(
    page.getByText('Activating a bundle needs the admin role.'),
  ).toBeVisible();
});
