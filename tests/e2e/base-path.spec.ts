import { test, expect, search, SUB } from './fixtures';

// The same site built with BASE_PATH=/bounce-codes/ (see tests/playwright.config.ts).
test('the site works under a sub-path', async ({ page }) => {
  const failed: string[] = [];
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await page.goto(SUB);
  await page
    .getByRole('link', { name: /^5\.7\.1 / })
    .first()
    .click();
  await expect(page).toHaveURL(`${SUB}codes/5.7.1/`);
  await expect(page.locator('link[rel=icon]')).toHaveAttribute('href', '/bounce-codes/favicon.svg');
  await page.getByRole('link', { name: 'Categories', exact: true }).click();
  await expect(page).toHaveURL(`${SUB}categories/`);
  expect(failed).toEqual([]);
});

test('search works under a sub-path, exact and full-text', async ({ page }) => {
  let results = await search(page, '5.1.1', SUB);
  await expect(results.first()).toHaveAttribute('data-url', '/bounce-codes/codes/5.1.1/');
  results = await search(page, 'dmarc', SUB);
  await expect(results.first()).toHaveAttribute('data-url', /^\/bounce-codes\/codes\//);
  await results.first().locator('a').click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // A provider text's link is worked out in the browser from the shared index: it keeps the sub-path.
  results = await search(page, 'relay access denied', SUB);
  await expect(results.first()).toHaveAttribute('data-url', /^\/bounce-codes\/codes\/5\.7\.1\/#postfix-/);
});

test('the 404 page interprets codes under a sub-path', async ({ page }) => {
  await page.goto(`${SUB}codes/599/`);
  await expect(page.locator('#code-help')).toContainText('Permanent failure');
  await expect(page.locator('#code-help ul a').first()).toHaveAttribute('href', /^\/bounce-codes\/codes\/5\d\d\/$/);
});
