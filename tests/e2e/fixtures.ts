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
