import { defineConfig } from '@playwright/test';
import { findBrowser } from './browser.mjs';

// The suite runs against two production builds: dist/ at the root (port 4321) and
// dist-base/ built under the sub-path /bounce-codes/ (port 4322).
const executablePath = findBrowser();
export const SUB_PATH = '/bounce-codes/';

export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4321',
    launchOptions: {
      executablePath,
      args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
  webServer: [
    {
      command: 'npx astro preview --port 4321 --host 127.0.0.1 --ignore-lock',
      url: 'http://127.0.0.1:4321/',
      reuseExistingServer: !process.env.CI,
      cwd: '..',
    },
    {
      command: `npx astro build --outDir dist-base >/dev/null && npx astro preview --port 4322 --host 127.0.0.1 --ignore-lock`,
      url: `http://127.0.0.1:4322${SUB_PATH}`,
      env: { BASE_PATH: SUB_PATH, OUT_DIR: 'dist-base' },
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      cwd: '..',
    },
  ],
});
