import { test, expect } from './fixtures';

test('/codes/599/ explains the digits and points to nearby codes', async ({ page }) => {
  const res = await page.goto('/codes/599/');
  expect(res?.status()).toBe(404);
  const help = page.locator('#code-help');
  await expect(help.getByRole('heading', { level: 2 })).toContainText('599 is not documented here');
  await expect(help).toContainText('Permanent failure');
  await expect(help).toContainText('RFC 5321 defines second digits 0 to 5 only');
  // The nearest codes come from /data/search-index.json, fetched after the digits are explained.
  const near = help.locator('ul a');
  await expect(near.first()).toHaveText(/^5\d\d$/);
  await help.getByRole('link', { name: '5xx codes' }).click();
  await expect(page).toHaveURL(/\/categories\/5xx\/$/);
});

test('/codes/4.9.9/ reads class and subject', async ({ page }) => {
  await page.goto('/codes/4.9.9/');
  const help = page.locator('#code-help');
  await expect(help).toContainText('Transient failure');
  await expect(help).toContainText('subjects 0 to 7 only');
});

test('/codes/4.7.99/ names the subject and links its table', async ({ page }) => {
  await page.goto('/codes/4.7.99/');
  const help = page.locator('#code-help');
  await expect(help).toContainText('Security or Policy Status');
  await expect(help.locator('ul a').first()).toHaveText(/^4\.7\./);
  await expect(help.getByRole('link', { name: 'X.7.X codes' })).toHaveAttribute('href', '/categories/x.7/');
});

test('a path that is not a code says so', async ({ page }) => {
  await page.goto('/codes/hello/');
  await expect(page.locator('#code-help h2')).toContainText('is not an SMTP code');
});

test('other missing pages get a plain 404', async ({ page }) => {
  const res = await page.goto('/no/such/page/');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.locator('#code-help')).toBeHidden();
});

test('/codes/4.1.1/ points to the class the registry entry is documented in', async ({ page }) => {
  await page.goto('/codes/4.1.1/');
  const help = page.locator('#code-help');
  await expect(help).toContainText('X.1.1 is documented in another class');
  await help.getByRole('link', { name: '5.1.1', exact: true }).first().click();
  await expect(page).toHaveURL(/\/codes\/5\.1\.1\/$/);
});

test('/codes/5.9.9/ offers the class’s general codes, not codes whose last digit happens to match', async ({
  page,
}) => {
  await page.goto('/codes/5.9.9/');
  const near = page.locator('#code-help h3:has-text("Nearest documented codes") + ul a');
  await expect(near.first()).toHaveText('5.0.0');
  const codes = await near.allTextContents();
  expect(codes.length).toBeGreaterThanOrEqual(3);
  // Subject 9 is undefined: the general code of each subject (X.Y.0), all in class 5.
  for (const c of codes) expect(c).toMatch(/^5\.\d\.0$/);
});
