import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';

// One page per template, with the optional parts (callouts, search results, 404 help) showing.
const pages = [
  '/',
  '/codes/550/',
  '/codes/5.7.13/',
  '/codes/441/',
  '/codes/5.2.2/',
  '/codes/5.7.27/',
  '/providers/',
  '/providers/gmail/',
  '/categories/',
  '/categories/5xx/',
  '/categories/x.7/',
  '/guides/sender-reputation/',
  '/crosswalk/',
  '/search/?q=550%205.1.1%20user%20unknown',
  '/codes/599/',
  '/analyze/#550%205.1.1%20User%20unknown',
];

for (const path of pages) {
  test(`no axe violations on ${path}`, async ({ page }) => {
    // axe walks every node: long pages (the crosswalk, the guide) need minutes on a busy 2-core machine.
    test.setTimeout(180_000);
    await page.goto(path);
    if (path.startsWith('/search/')) await expect(page.locator('#search-status')).toContainText('result');
    if (path === '/codes/599/') await expect(page.locator('#code-help')).toBeVisible();
    if (path.startsWith('/analyze/')) await expect(page.locator('#findings > li')).toHaveCount(1);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
