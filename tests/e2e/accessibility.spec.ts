import AxeBuilder from '@axe-core/playwright';
import { test, expect, TEMPLATES } from './fixtures';

for (const { path, ready } of TEMPLATES) {
  test(`no axe violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await ready?.(page);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
