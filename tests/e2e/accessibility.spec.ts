import AxeBuilder from '@axe-core/playwright';
import { test, expect, TEMPLATES } from './fixtures';

for (const { path, ready } of TEMPLATES) {
  test(`no axe violations on ${path}`, async ({ page }) => {
    // axe runs ~100 rules over the whole page: measured 14-77 s per page at load average 20-30 on
    // two cores, so three times the normal budget. Only violations are collected: axe then skips
    // building node details for every rule that passes (about a third less work on the home page).
    test.slow();
    await page.goto(path);
    await ready?.(page);
    const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
