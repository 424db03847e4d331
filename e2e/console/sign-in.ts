import { expect, type Page } from '@playwright/test';

/**
 * Signs in through the form, starting from a page that needs a session so
 * the redirect to sign-in and back is part of every test.
 */
export async function signIn(
  page: Page,
  email: string,
  password: string,
): Promise<void> {
  await page.goto('/topology');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ftopology$/);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { name: 'Topology' })).toBeVisible();
}
