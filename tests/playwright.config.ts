import { defineConfig } from '@playwright/test';
import { findBrowser } from './browser.mjs';

// The suite runs against two production builds: dist/ at the root and dist-base/ built under
// the sub-path /bounce-codes/. They get their own ports (E2E_PORT, default 4391, and the next
// one) and never reuse a server found there: a `npm start` left on 4321 must not be tested.
// Both are served by bin/serve.ts, the server behind `npm start`, so the tests exercise it.
const executablePath = findBrowser();
export const SUB_PATH = '/bounce-codes/';
export const PORT = Number(process.env.E2E_PORT || 4391);

export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Budgets for a busy shared 2-core machine (measured at load average 20-40: a page load takes
  // 1-3 s, Pagefind's first search several seconds): 60 s per test, 10 s per expectation.
  // Heavier checks say so themselves (axe: test.slow()). No test waits on a fixed sleep.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath,
      args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
  webServer: [
    {
      command: `node bin/serve.ts --root dist --port ${PORT}`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      cwd: '..',
    },
    {
      command: `npx astro build --outDir dist-base >/dev/null && node bin/serve.ts --root dist-base --base ${SUB_PATH} --port ${PORT + 1}`,
      url: `http://127.0.0.1:${PORT + 1}${SUB_PATH}`,
      // SITE_URL too: this build is the one with absolute URLs, a sitemap.xml and og:url/og:image.
      env: { BASE_PATH: SUB_PATH, OUT_DIR: 'dist-base', SITE_URL: `http://127.0.0.1:${PORT + 1}` },
      reuseExistingServer: false,
      timeout: 300_000,
      cwd: '..',
    },
  ],
});
