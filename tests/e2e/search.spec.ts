import AxeBuilder from '@axe-core/playwright';
import { test, expect, search } from './fixtures';
import { TOP_RESULTS } from '../fixtures/top-results';

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
    const top = await results.evaluateAll((lis) =>
      lis.slice(0, 3).map((li) => ((li as HTMLElement).dataset.url ?? '').replace(/#.*/, '')),
    );
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

test('"/" focuses the search box; words and Enter search', async ({ page }) => {
  await page.goto('/codes/550/');
  await page.keyboard.press('/');
  await expect(page.locator('#q')).toBeFocused();
  await page.keyboard.type('mailbox full');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\/\?q=mailbox(%20|\+)full$/);
  await expect(page.locator('#results > li').first()).toHaveAttribute('data-url', /^\/codes\/(4|5)\.2\.2\//);
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

test.describe('the header box', () => {
  test('a code page loads nothing of search before focus; focus loads the index; Pagefind only when a query needs it', async ({
    page,
  }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto('/codes/550/', { waitUntil: 'networkidle' });
    // Only the small page module every page shares (theme toggle, "/" and copy buttons) comes first.
    expect(requests.filter((p) => /\.(?:js|json|pagefind|pf_\w+)$/.test(p))).toEqual([
      expect.stringMatching(/^\/_astro\/page-[\w-]+\.js$/),
    ]);
    const codes = page.waitForRequest(/\/data\/search-index\.json$/);
    await page.locator('#q').focus();
    await codes;
    expect(requests.some((p) => /^\/_astro\/search-box-[\w-]+\.js$/.test(p))).toBe(true);
    // The index answers "mailbox full" by itself: no Pagefind script, WebAssembly or word chunk.
    await page.keyboard.type('mailbox full');
    await expect(page.locator('#q-list [role=option]')).toHaveCount(5);
    await expect(page.locator('#q-list [role=option]').first()).toHaveAttribute('data-url', '/codes/5.2.2/');
    expect(requests.filter((p) => p.startsWith('/pagefind/'))).toEqual([]);
    // Words the index lacks start Pagefind, whose pages join the suggestions.
    const wasm = page.waitForRequest(/\/pagefind\/wasm\.\w+\.pagefind$/);
    await page.locator('#q').fill('sending too fast');
    await wasm;
    await expect(page.locator('#q-list [role=option][data-full-text]').first()).toBeVisible();
    // A full-text page about a code carries its badges, as on /search/.
    await expect(page.locator('#q-list [data-full-text][data-url^="/codes/"] .badge').first()).toBeVisible();
  });

  test('a pasted bounce goes to the analyzer in the fragment, never into ?q=', async ({ page }) => {
    const bounce = 'smtp; 550 5.1.1 <jane@example.org>: Recipient address rejected: User unknown';
    const sent: string[] = [];
    page.on('request', (r) => sent.push(r.url()));
    await page.goto('/codes/550/');
    await page.locator('#q').fill(bounce);
    await page.locator('#q').press('Enter');
    await expect(page).toHaveURL(/\/analyze\/#/);
    expect(decodeURIComponent(new URL(page.url()).hash.slice(1))).toBe(bounce);
    await expect(page.locator('#findings li[data-reply-code="550"]').first()).toBeVisible();
    expect(sent.filter((u) => u.includes('jane') || u.includes('?q='))).toEqual([]);
  });

  test('a submit before the module has loaded still searches', async ({ page }) => {
    await page.goto('/codes/550/');
    // Submit without focusing the box first: the loader holds the submit until the module is in.
    await page.locator('form.search input[name=q]').evaluate((el: HTMLInputElement) => {
      el.value = 'dmarc';
      el.form!.requestSubmit();
    });
    await expect(page).toHaveURL(/\/search\/\?q=dmarc$/);
    await expect(page.locator('#results > li').first()).toHaveAttribute('data-url', /^\/codes\/5\.7\.26\//);
  });
});

test.describe('the search page', () => {
  test('embeds no code list: it fetches the one cacheable JSON file', async ({ page }) => {
    const json = page.waitForResponse(/\/data\/search-index\.json$/);
    const results = await search(page, '5.1.1');
    expect((await json).ok()).toBe(true);
    await expect(results.first()).toHaveAttribute('data-url', '/codes/5.1.1/');
    expect(await page.locator('script[type="application/json"]').count()).toBe(0);
  });

  test('a bounce typed into the page stays out of the address; its analyzer link uses the fragment', async ({
    page,
  }) => {
    await page.goto('/search/?q=dmarc');
    const bounce = '550 5.7.26 Unauthenticated email from example.org is not accepted due to domain DMARC policy';
    await page.locator('#q').fill(bounce);
    const link = page.locator('#results > li', { hasText: 'Analyse this whole bounce' }).locator('a');
    await expect(link).toHaveAttribute('href', /^\/analyze\/#550%205\.7\.26/);
    await expect(page).toHaveURL(/\/search\/$/);
    await page.locator('#q').fill('mailbox full');
    await expect(page).toHaveURL(/\/search\/\?q=mailbox\+full$/);
  });

  test('a bounce arriving in ?q= is removed from the address at once', async ({ page }) => {
    await page.goto(`/search/?q=${encodeURIComponent('421 4.7.0 Try again later please')}`);
    await expect(page.locator('#results > li').first()).toHaveAttribute('data-url', '/codes/4.7.0/');
    await expect(page).toHaveURL(/\/search\/$/);
  });

  test('fetches fragments only for the results shown; "More results" fetches the next ones', async ({ page }) => {
    const fragments: string[] = [];
    page.on('request', (r) => r.url().includes('/pagefind/fragment/') && fragments.push(r.url()));
    await search(page, 'mail');
    const pages = page.locator('#results > li[data-kind=page]');
    // A page already listed above is fetched but not repeated: at most 8 shown, exactly 8 fetched.
    await expect(page.locator('#search-status')).toContainText(/Showing \d+ of \d+ full-text results/);
    expect(await pages.count()).toBeLessThanOrEqual(8);
    expect(fragments.length).toBe(8);
    await page.getByRole('button', { name: 'More results' }).click();
    await expect(page.locator('#search-status')).toContainText(/(Showing \d+ of )?\d+ full-text results/);
    expect(fragments.length).toBe(16);
  });
});

test.describe('the combobox', () => {
  test('by keyboard alone: type, arrows, Enter opens the highlighted option; Escape closes', async ({ page }) => {
    await page.goto('/codes/550/');
    await page.keyboard.press('/');
    const box = page.locator('#q');
    await expect(box).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.type('5.7.2');
    const list = page.locator('#q-list');
    await expect(list).toBeVisible();
    await expect(box).toHaveAttribute('role', 'combobox');
    await expect(box).toHaveAttribute('aria-expanded', 'true');
    await expect(box).toHaveAttribute('aria-controls', 'q-list');
    const options = list.getByRole('option');
    await expect(options.first()).toContainText('5.7.2');
    expect(await box.getAttribute('aria-activedescendant')).toBeNull();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = options.nth(1);
    await expect(second).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id'))!);
    await expect(box).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(options.first()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Escape');
    await expect(list).toBeHidden();
    await expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(await box.getAttribute('aria-activedescendant')).toBeNull();
    await expect(box).toHaveValue('5.7.2');
    // Open again with ArrowDown, then Enter opens the highlighted option.
    await page.keyboard.press('ArrowDown');
    await expect(box).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowDown');
    const url = await options.nth(1).getAttribute('data-url');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`${url!.replace(/\./g, '\\.')}$`));
  });

  test('code suggestions carry the verdict and the bounce type', async ({ page }) => {
    await page.goto('/codes/550/');
    await page.locator('#q').fill('550 5.1.1');
    const first = page.locator('#q-list [role=option]').first();
    await expect(first).toHaveAttribute('data-url', '/codes/5.1.1/');
    await expect(first.locator('.badge')).toHaveText(['Hard bounce', /Suppress|Depends/]);
  });

  test('a polite status says how many suggestions there are once typing pauses', async ({ page }) => {
    await page.goto('/codes/550/');
    const box = page.locator('#q');
    const status = page.locator('#q-list + [role=status]');
    await box.fill('550 5.1.1');
    // An exact code: the index answers it alone, so the list does not grow after it is said.
    await expect(status).toHaveText(/^[1-9]\d* suggestions?$/);
    const count = await page.locator('#q-list [role=option]').count();
    await expect(status).toHaveText(`${count} suggestion${count === 1 ? '' : 's'}`);
    await box.fill('zzqxv');
    await expect(status).toHaveText('No suggestions');
  });

  test('suggestions list codes, then provider texts, then pages', async ({ page }) => {
    await page.goto('/codes/550/');
    await page.locator('#q').fill('relay access denied');
    const options = page.locator('#q-list [role=option]');
    await expect(options.first()).toHaveAttribute('data-url', /#postfix-554-5-7-1-relay-access-denied$/);
    const kinds = await options.evaluateAll((os) => os.map((o) => (o as HTMLElement).dataset.kind));
    expect(kinds.indexOf('text')).toBe(0);
    expect(kinds.lastIndexOf('text')).toBeLessThan(kinds.indexOf('code') === -1 ? 99 : kinds.indexOf('code'));
  });

  for (const [query, want] of [
    ['4.7.28', '/codes/4.7.28/'],
    ['421', '/codes/421/'],
    ['550 5.1.1', '/codes/5.1.1/'],
    ['5.7.26', '/codes/5.7.26/'],
  ] as const)
    test(`an exact code and Enter open its page: ${query}`, async ({ page }) => {
      await page.goto('/codes/550/');
      const box = page.locator('#q');
      await box.fill(query);
      await expect(page.locator('#q-list [role=option]').first()).toHaveAttribute('data-url', want);
      await box.press('Enter');
      await expect(page).toHaveURL(new RegExp(`${want.replace(/\./g, '\\.')}$`));
    });

  test('axe passes with the listbox open, on a code page and on /search/', async ({ page }) => {
    test.slow();
    for (const [path, input] of [
      ['/codes/550/', '#q'],
      ['/search/', '#q'],
    ] as const) {
      await page.goto(path);
      await page.locator(input).fill('mailbox');
      await expect(page.locator(`${input}-list`)).toBeVisible();
      await page.locator(input).press('ArrowDown');
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${path}: ${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    }
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the header form submits to /search/ with the query', async ({ page }) => {
    await page.goto('/codes/550/');
    await page.locator('#q').fill('mailbox full');
    await page.locator('#q').press('Enter');
    await expect(page).toHaveURL(/\/search\/\?q=mailbox\+full$/);
    await expect(page.locator('#q-list')).toBeHidden();
  });
});

test.describe('top result for real queries', () => {
  for (const [query, want] of TOP_RESULTS)
    test(query, async ({ page }) => {
      const results = await search(page, query);
      const first = await results.first().getAttribute('data-url');
      expect(first).toMatch(want);
    });

  test('an unknown token says there is no good match and offers the analyzer on a click only', async ({ page }) => {
    const sent: string[] = [];
    page.on('request', (r) => sent.push(r.url()));
    await search(page, 'AS(201806281)');
    await expect(page.locator('#no-match')).toContainText('Nothing here matches');
    await expect(page.locator('#results > li')).toHaveCount(0);
    expect(sent.filter((u) => u.includes('/analyze/'))).toEqual([]);
    await page.getByRole('button', { name: 'Analyse this text as a bounce' }).click();
    await expect(page).toHaveURL(/\/analyze\/#AS\(201806281\)$/);
  });

  test('results carry the verdict and the bounce type, and the sentence that matched', async ({ page }) => {
    const results = await search(page, 'greylisting');
    await expect(results.first().locator('.badge').first()).toHaveText(/bounce|Not a failure/);
    const excerpt = page.locator('#results > li[data-kind=page] .excerpt').first();
    await expect(excerpt.locator('mark').first()).toHaveText(/greylist/i);
    // A sentence, not the "Also reported as" keyword list.
    expect((await excerpt.textContent())!.split('"').length).toBeLessThan(5);
  });
});

test.describe('the home page', () => {
  const cases: [string, string, RegExp][] = [
    ['a code opens its page', '5.7.26', /\/codes\/5\.7\.26\/$/],
    [
      'a pasted bounce opens the analyzer (fragment only)',
      '550 5.1.1 <jane@example.org>: User unknown',
      /\/analyze\/#550/,
    ],
    ['words open the search', 'mailbox full', /\/search\/\?q=mailbox(%20|\+)full$/],
  ];
  for (const [name, query, want] of cases)
    test(`the big input routes: ${name}`, async ({ page }) => {
      const sent: string[] = [];
      page.on('request', (r) => sent.push(r.url()));
      await page.goto('/');
      const box = page.locator('#home-q');
      await box.fill(query);
      await expect(box).toHaveAttribute('role', 'combobox');
      await box.press('Enter');
      await expect(page).toHaveURL(want);
      expect(sent.filter((u) => u.includes('jane'))).toEqual([]);
    });

  test('is compact: a short list of codes, the tools and the categories, words spaced around links', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    // The old 187-card grid made it 18,000 px tall on a phone; it is about a third of that now.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(7000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const text = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('The provider pages list');
    expect(text).toContain('The sender reputation guide explains');
    await expect(page.locator('.tools a[href="/analyze/"]')).toBeVisible();
    await expect(page.locator('.tools a[href="/check/"]')).toBeVisible();
  });

  test('axe passes with the listbox open', async ({ page }) => {
    test.slow();
    await page.goto('/');
    await page.locator('#home-q').fill('spamhaus');
    await expect(page.locator('#home-q-list')).toBeVisible();
    await page.locator('#home-q').press('ArrowDown');
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  });
});
