import { test, expect } from './fixtures';

test('home → category → code page → related code', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email Bounce Code Lookup');
  // The figures come from the data.
  await expect(page.locator('.figures')).toContainText('hard bounce codes');
  await page.locator('#read ~ table').first().getByRole('link', { name: /^5xx/ }).click();
  await expect(page).toHaveURL(/\/categories\/5xx\/$/);
  await expect(page.getByRole('table').first()).toBeVisible();
  await page.getByRole('link', { name: '550', exact: true }).click();
  await expect(page).toHaveURL(/\/codes\/550\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('550');
  const related = page.locator('.hd:has(#related) + ul a').first();
  const target = await related.textContent();
  await related.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target!.trim());
});

test('a direct code URL shows meaning first, then cause, fix and sources', async ({ page }) => {
  const res = await page.goto('/codes/5.7.26/');
  expect(res?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('5.7.26 Multiple authentication checks failed');
  await expect(page.locator('.badge.hard').first()).toBeVisible();
  await expect(page.getByText('Security or Policy Status').first()).toBeVisible();
  const headings = await page.locator('article h2').allTextContents();
  expect(headings.indexOf('What it means')).toBeLessThan(headings.indexOf('Why it happens'));
  expect(headings.indexOf('Why it happens')).toBeLessThan(headings.indexOf('How to fix it'));
  await expect(page.locator('link[rel=canonical]')).toHaveAttribute('href', /\/codes\/5\.7\.26\/$/);
  await expect(page.locator('meta[name=description]')).toHaveAttribute('content', /^5\.7\.26: .{20,}/);
  await expect(page.getByRole('link', { name: /RFC 7372/ }).first()).toHaveAttribute(
    'href',
    /rfc-editor\.org\/rfc\/rfc7372/,
  );
});

test('a mistitled seed code states the registry meaning and what it is mistaken for', async ({ page }) => {
  await page.goto('/codes/5.7.13/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('User Account Disabled');
  await expect(page.locator('aside:has(#mistaken)')).toContainText(/Often mistaken for “DKIM/i);
});

test('a non-standard reply code says so', async ({ page }) => {
  await page.goto('/codes/441/');
  await expect(page.locator('.badge.nonstd')).toHaveText('Non-standard');
  await expect(page.getByRole('heading', { name: 'Not defined by any RFC' })).toBeVisible();
});

test('category tables exist for classes, subjects and bounce types', async ({ page }) => {
  for (const slug of [
    '2xx',
    '3xx',
    '4xx',
    '5xx',
    'x.1',
    'x.2',
    'x.3',
    'x.4',
    'x.5',
    'x.6',
    'x.7',
    'hard',
    'soft',
    'info',
  ]) {
    const res = await page.goto(`/categories/${slug}/`);
    expect(res?.status(), slug).toBe(200);
    expect(await page.locator('tbody tr').count(), slug).toBeGreaterThan(0);
  }
});

test('the reputation guide has the thresholds, the impact table and a suppression policy', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'sender reputation guide' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How bounces affect sender reputation');
  await expect(page.locator('article')).toContainText('2%');
  await expect(page.locator('article')).toContainText('5%');
  await expect(page.getByRole('heading', { name: 'Impact by bounce type' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Suppression policy' })).toBeVisible();
  await page.getByRole('link', { name: '5.1.1', exact: true }).first().click();
  await expect(page).toHaveURL(/\/codes\/5\.1\.1\/$/);
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });
  test('a code page is fully readable', async ({ page }) => {
    await page.goto('/codes/550/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('550');
    await expect(page.locator('.lead')).not.toBeEmpty();
    expect(await page.locator('article ol li').count()).toBeGreaterThan(0);
  });
  test('the search box still submits to the search page', async ({ page }) => {
    await page.goto('/codes/550/');
    await page.locator('#q').fill('5.1.1');
    await page.locator('#q').press('Enter');
    await expect(page).toHaveURL(/\/search\/\?q=5\.1\.1/);
    // Emulated no-JS keeps the parser's scripting flag, so <noscript> stays raw text here; check its content.
    expect(await page.locator('noscript').textContent()).toContain('Search needs JavaScript');
  });
});

test('a long category is split into pages that together list every code in it, without JS', async ({ browser }) => {
  const page = await browser.newPage({ javaScriptEnabled: false });
  const dump = (await (await page.request.get('/data/codes.json')).json()) as { codes: { code: string }[] };
  const want = dump.codes.map((c) => c.code).filter((c) => c[0] === '5');
  const seen: string[] = [];
  await page.goto('/categories/5xx/');
  const pages = await page.locator('nav.pager a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(pages.length, 'the 5xx table has more than one page').toBeGreaterThan(0);
  for (const url of [page.url(), ...pages]) {
    await page.goto(url);
    const rows = await page.locator('tbody th a.code').allTextContents();
    expect(rows.length).toBeLessThanOrEqual(100);
    seen.push(...rows.map((r) => r.trim()));
  }
  expect(seen.sort()).toEqual([...want].sort());
  await page.close();
});

test('the home page summarises: the most-sent codes and a link to every category', async ({ page }) => {
  await page.goto('/');
  const listed = await page.locator('ul.top-codes li').count();
  expect(listed).toBeGreaterThan(4);
  expect(listed).toBeLessThanOrEqual(16);
  for (const slug of ['2xx', '3xx', '4xx', '5xx', 'x.1', 'x.7'])
    await expect(page.locator(`#content a[href="/categories/${slug}/"]`).first()).toBeVisible();
});
