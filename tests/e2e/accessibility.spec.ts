import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, TEMPLATES } from './fixtures';

// Every template in both themes (colour contrast included), and the reader's own choice against
// the system's on a few: a stored "dark" on a light system, a stored "light" on a dark one.
const BG = { light: 'rgb(255, 255, 255)', dark: 'rgb(13, 17, 23)' };
type Theme = keyof typeof BG;

const RUNS: { path: string; ready?: (page: Page) => Promise<void>; system: Theme; stored?: Theme }[] = [
  ...TEMPLATES.flatMap((t) => (['light', 'dark'] as const).map((system) => ({ ...t, system }))),
  ...['/codes/550/', '/categories/5xx/', '/guides/sender-reputation/'].map((path) => ({
    path,
    system: 'light' as const,
    stored: 'dark' as const,
  })),
  { path: '/providers/gmail/', system: 'dark', stored: 'light' },
];

for (const { path, ready, system, stored } of RUNS) {
  const name = stored ? `${stored} chosen on a ${system} system` : system;
  test(`no axe violations on ${path} (${name})`, async ({ page }) => {
    // axe runs ~100 rules over the whole page: measured 14-77 s per page at load average 20-30 on
    // two cores, so three times the normal budget. Only violations are collected: axe then skips
    // building node details for every rule that passes (about a third less work on the home page).
    test.slow();
    await page.emulateMedia({ colorScheme: system });
    if (stored) await page.addInitScript((theme) => localStorage.setItem('theme', theme), stored);
    await page.goto(path);
    await ready?.(page);
    // The theme under test is really in effect, not the default one twice.
    await expect(page.locator('html')).toHaveCSS('background-color', BG[stored ?? system]);
    const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
