// Finds a Chromium for the end-to-end tests, in this order: $CHROMIUM_PATH, a system
// Chromium/Chrome on PATH, Playwright's own download. Run as a script (npm run test:e2e
// does), it installs Debian's chromium when none is found and apt-get is usable, and
// otherwise stops with one line that says what to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function findBrowser() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const name of NAMES) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return undefined; // Playwright then uses its own browser, if `npx playwright install chromium` was run.
}

async function playwrightHasOwnBrowser() {
  try {
    const { chromium } = await import('@playwright/test');
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!findBrowser() && !(await playwrightHasOwnBrowser())) {
    const canApt = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
    if (canApt) {
      console.log("No Chromium found: installing Debian's chromium package…");
      execFileSync(
        'sh',
        ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'],
        { stdio: 'inherit' },
      );
    }
    if (!findBrowser()) {
      console.error(
        'No Chromium found: run `sudo apt-get install chromium`, or `npx playwright install chromium`, or set CHROMIUM_PATH.',
      );
      process.exit(1);
    }
  }
}
