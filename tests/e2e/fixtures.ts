import { test as base, expect, type Page } from '@playwright/test';

// The sub-path build's server: one port above the root build's (tests/playwright.config.ts).
export const SUB = `http://127.0.0.1:${Number(process.env.E2E_PORT || 4391) + 1}/bounce-codes/`;

// Every test fails on a console error or an uncaught page error, not only the ones that look.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        // The 404 page is served with status 404 on purpose; Chromium logs that as an error.
        if (m.type() === 'error' && !/status of 404/.test(m.text())) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Search from the /search/ page and wait until results for this query are shown. */
export async function search(page: Page, query: string, base = '/') {
  await page.goto(`${base}search/?q=${encodeURIComponent(query)}`);
  // Loading Pagefind's WebAssembly and index takes seconds on a loaded 2-core machine.
  await expect(page.locator('#search-status')).toContainText('result', { timeout: 15_000 });
  return page.locator('#results > li');
}

/**
 * One page per template, with its optional parts showing (callouts, search results, 404 help,
 * analyzer findings); `ready` waits until the page's script has drawn them.
 */
export const TEMPLATES: { path: string; ready?: (page: Page) => Promise<void> }[] = [
  { path: '/' },
  { path: '/codes/550/' },
  { path: '/codes/5.7.13/' },
  { path: '/codes/441/' },
  { path: '/codes/5.2.2/' },
  { path: '/codes/5.7.27/' },
  { path: '/providers/' },
  { path: '/providers/gmail/' },
  { path: '/providers/spamhaus/' },
  { path: '/providers/orange/' },
  { path: '/categories/' },
  { path: '/categories/5xx/' },
  { path: '/categories/x.7/' },
  { path: '/guides/sender-reputation/' },
  { path: '/crosswalk/' },
  {
    path: '/search/?q=550%205.1.1%20user%20unknown',
    ready: (page) => expect(page.locator('#search-status')).toContainText('result'),
  },
  { path: '/codes/599/', ready: (page) => expect(page.locator('#code-help')).toBeVisible() },
  {
    path: '/analyze/#550%205.1.1%20User%20unknown',
    ready: (page) => expect(page.locator('#findings > li')).toHaveCount(1),
  },
];
