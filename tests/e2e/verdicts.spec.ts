import { test, expect } from './fixtures';

test('a broad code says the action depends on the text and shows a decision table', async ({ page }) => {
  test.slow(); // two page loads and a dozen checks: give a busy machine the time
  await page.goto('/codes/550/');
  const verdict = page.locator('section.verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'depends');
  await expect(page.getByRole('heading', { name: 'What to do: Depends on the reason: read the text' })).toBeVisible();
  // Never "Suppress the address" as the headline of a code that is just as often a policy block.
  await expect(page.getByRole('heading', { name: /What to do: Suppress/ })).toHaveCount(0);
  const rows = verdict.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  await expect(rows.filter({ hasText: 'does not exist' })).toHaveAttribute('data-verdict', 'suppress');
  await expect(rows.filter({ hasText: 'block list' })).toHaveAttribute('data-verdict', 'fix-sender');
  // Unknown text falls back to keeping the address.
  await expect(page.locator('[data-fallback]')).toHaveAttribute('data-fallback', 'fix-sender');
  await expect(page.locator('.facts')).toContainText('Address: depends on the text', { useInnerText: true });
  // An example links to the provider text's anchor on the page that holds it.
  await rows.filter({ hasText: 'does not exist' }).getByRole('link', { name: 'Gmail 550 5.1.1' }).click();
  await expect(page).toHaveURL(/\/codes\/5\.1\.1\/#gmail-550-5-1-1-no-such-user$/);
  await expect(page.locator('#gmail-550-5-1-1-no-such-user')).toBeVisible();
});

test('a hard bounce that keeps the address says so apart from the bounce type', async ({ page }) => {
  await page.goto('/codes/5.3.4/');
  const facts = page.locator('.facts');
  await expect(facts).toContainText('Failure: Hard bounce', { useInnerText: true });
  await expect(facts).toContainText('Address: keep it', { useInnerText: true });
  await expect(facts.locator('.badge.addr-keep')).toBeVisible();
  await expect(facts.locator('.badge.addr-remove')).toHaveCount(0);
  await expect(page.locator('section.verdict')).toHaveAttribute('data-verdict', 'fix-message');
});

test('a code whose every reading leads to one action keeps a single-verdict headline', async ({ page }) => {
  await page.goto('/codes/5.1.1/');
  await expect(page.getByRole('heading', { name: 'What to do: Suppress the address' })).toBeVisible();
  await expect(page.locator('.facts .badge.addr-remove')).toHaveText('remove it');
  await expect(page.locator('section.verdict table')).toHaveCount(0);
});

test('421 never tells you to suppress and prints no raw verdict values', async ({ page }) => {
  await page.goto('/codes/421/');
  const article = page.locator('article');
  await expect(article).not.toContainText('(fix-sender)');
  await expect(article).not.toContainText(/suppress an address only after/i);
  await expect(page.locator('.facts')).toContainText('Address: keep it', { useInnerText: true });
});
