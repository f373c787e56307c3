import { test, expect, search } from './fixtures';

const exact: [string, string][] = [
  ['550', '/codes/550/'],
  ['5.1.1', '/codes/5.1.1/'],
  ['5.7.26', '/codes/5.7.26/'],
  ['550 5.1.1', '/codes/5.1.1/'],
  ['550-5.1.1', '/codes/5.1.1/'],
  ['smtp; 550 5.1.1 <a@b.example>: Recipient address rejected: User unknown', '/codes/5.1.1/'],
  ['421 4.7.0 Try again later', '/codes/4.7.0/'],
  ['4.2.2', '/codes/4.2.2/'],
];

for (const [query, url] of exact) {
  test(`exact code: ${query}`, async ({ page }) => {
    const results = await search(page, query);
    await expect(results.first()).toHaveAttribute('data-url', url);
  });
}

test('5.1.1 is not confused with its neighbours', async ({ page }) => {
  let results = await search(page, '5.1.1');
  await expect(results.first()).toHaveAttribute('data-url', '/codes/5.1.1/');
  expect(await results.locator('a', { hasText: /^5\.1\.1\b/ }).count()).toBe(1);
  results = await search(page, '5.1.2');
  await expect(results.first()).toHaveAttribute('data-url', '/codes/5.1.2/');
  // Pagefind would index 5.11 as "511", like 5.1.1; the search must not.
  results = await search(page, '5.11');
  await expect(page.locator('#search-status')).toContainText('not a code');
  expect(await page.locator('#results > li[data-url="/codes/5.1.1/"]').count()).toBe(0);
  // 5.7.1 is a prefix of 5.7.13 once the dots are gone: only the exact page comes back.
  await search(page, '5.7.1');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toHaveAttribute('data-url', '/codes/5.7.1/');
});

const words: [string, RegExp][] = [
  ['rate limit', /\/codes\/(421|4\.7\.0|4\.7\.28|5\.7\.28|450|451)\/$/],
  ['relay', /\/codes\/(5\.7\.1|554|550|551)\/$/],
  ['spam', /\/codes\/(5\.7\.1|554|5\.7\.28|541)\/$/],
  ['authentication failed', /\/codes\/(5\.7\.8|530|5\.7\.26)\/$/],
  ['mailbox unavailable', /\/codes\/(550|450)\/$/],
  ['mailbox full', /\/codes\/(4\.2\.2|5\.2\.2|422|452)\/$/],
  ['user unknown', /\/codes\/(5\.1\.1|550)\/$/],
  ['greylisting', /\/codes\/(450|451|4\.7\.0)\/$/],
  ['dmarc', /\/codes\/5\.7\.26\/$/],
  ['domain not found', /\/codes\/(5\.1\.2|4\.1\.2|512)\/$/],
  ['connection timed out', /\/codes\/(4\.4\.1|441|4\.4\.7)\/$/],
  ['null mx', /\/codes\/(556|5\.7\.27)\/$/],
  ['account disabled', /\/codes\/(5\.7\.13|5\.2\.1)\/$/],
];

for (const [query, want] of words) {
  test(`words: "${query}" finds the right page in the top three`, async ({ page }) => {
    const results = await search(page, query);
    const top = await results.evaluateAll((lis) => lis.slice(0, 3).map((li) => (li as HTMLElement).dataset.url ?? ''));
    expect(
      top.some((u) => want.test(u)),
      `top 3: ${top.join(', ')}`,
    ).toBe(true);
  });
}

test('an undocumented code is offered with its interpretation', async ({ page }) => {
  const results = await search(page, '599');
  await expect(results.first()).toContainText('599 is not documented here');
});

test('"/" focuses the search box and Enter searches', async ({ page }) => {
  await page.goto('/codes/550/');
  await page.keyboard.press('/');
  await expect(page.locator('#q')).toBeFocused();
  await page.keyboard.type('5.7.1');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\/\?q=5\.7\.1$/);
  await expect(page.locator('#results > li').first()).toHaveAttribute('data-url', '/codes/5.7.1/');
});

test('typing on the search page updates results and the address', async ({ page }) => {
  await page.goto('/search/');
  await page.locator('#q').fill('5.7.26');
  await expect(page.locator('#results > li').first()).toHaveAttribute('data-url', '/codes/5.7.26/');
  await expect(page).toHaveURL(/q=5\.7\.26/);
});

test('hostile input is shown as text, never run', async ({ page }) => {
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> 550';
  const results = await search(page, payload);
  await expect(results.first()).toHaveAttribute('data-url', '/codes/550/');
  await expect(page.locator('#search-status')).toContainText('<img');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
