import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

// The design system's promises: no page scrolls sideways on a phone, the theme follows the system
// or the reader's remembered choice without a light frame, the header stays usable, paper gets
// the content only. Colour contrast in both themes is axe's job (accessibility.spec.ts).

const PHONE = { width: 390, height: 844 };
const DARK_BG = 'rgb(13, 17, 23)'; // --bg in the dark set (global.css)
const LIGHT_BG = 'rgb(255, 255, 255)';

/** Every page template, with its optional parts drawn (results, findings, the 404 help). */
const PAGES: { path: string; ready?: (page: Page) => Promise<void> }[] = [
  { path: '/' },
  { path: '/codes/550/' },
  { path: '/codes/5.7.1/' },
  { path: '/categories/' },
  { path: '/categories/5xx/' },
  { path: '/categories/x.7/' },
  { path: '/providers/' },
  { path: '/providers/gmail/' },
  { path: '/providers/spamhaus/' },
  { path: '/guides/sender-reputation/' },
  { path: '/crosswalk/' },
  { path: '/check/' },
  {
    path: '/analyze/#550%205.1.1%20User%20unknown',
    ready: (page) => expect(page.locator('#findings > li')).toHaveCount(1),
  },
  {
    path: '/search/?q=mailbox%20full',
    ready: (page) => expect(page.locator('#search-status')).toContainText('result', { timeout: 15_000 }),
  },
  { path: '/codes/599/', ready: (page) => expect(page.locator('#code-help')).toBeVisible() },
];

test.describe('on a 390 px phone', () => {
  test.use({ viewport: PHONE });

  for (const { path, ready } of PAGES) {
    test(`${path} does not scroll sideways`, async ({ page }) => {
      await page.goto(path);
      await ready?.(page);
      const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
        const root = document.documentElement;
        // Name the culprits, so a failure says which element is too wide.
        const wide = [...document.querySelectorAll('main *, header *, footer *')]
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
          .filter((el) => !el.closest('.scroll, details:not([open])'))
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
      });
      expect(scrollWidth, `too wide: ${wide.join(', ')}`).toBeLessThanOrEqual(clientWidth);
    });
  }

  test('the header is compact, sticky, and its menu opens without script and has 44 px targets', async ({ page }) => {
    await page.goto('/categories/5xx/');
    const header = page.locator('header.site');
    const box = (await header.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(120); // at most a seventh of an 844 px screen
    await page.mouse.wheel(0, 3000);
    await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(1000);
    expect((await header.boundingBox())!.y).toBe(0);

    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Providers' })).toBeHidden();
    await page.locator('.menu summary').click();
    const links = nav.getByRole('link');
    await expect(links.first()).toBeVisible();
    for (const link of await links.all()) expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    // The search box is wide enough for its whole placeholder.
    const fits = await page.locator('#q').evaluate((q: HTMLInputElement) => {
      const c = document.createElement('canvas').getContext('2d')!;
      const s = getComputedStyle(q);
      c.font = `${s.fontSize} ${s.fontFamily}`;
      const pad = parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
      return c.measureText(q.placeholder).width + pad <= q.clientWidth;
    });
    expect(fits).toBe(true);
  });

  test('a long category table becomes one card per row', async ({ page }) => {
    await page.goto('/categories/5xx/');
    const row = page.locator('main tbody tr').first();
    await expect(row).toHaveCSS('display', 'grid');
    // Code and type badge share the first line.
    const code = (await row.locator('th a').boundingBox())!;
    const badge = (await row.locator('.badge').boundingBox())!;
    expect(Math.abs(code.y - badge.y)).toBeLessThan(code.height);
    expect(badge.x).toBeGreaterThan(code.x + code.width);
  });

  test('a wide guide table scrolls inside its own focusable, labelled box', async ({ page }) => {
    await page.goto('/guides/sender-reputation/');
    const box = page.getByRole('group', { name: 'Scrollable table' }).nth(1);
    await expect(box).toHaveAttribute('tabindex', '0');
    const { scrollWidth, clientWidth } = await box.evaluate((e) => ({
      scrollWidth: e.scrollWidth,
      clientWidth: e.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    await box.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => box.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
  });
});

test('at 800 px the header is one line: brand, search, menu, toggle', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto('/codes/550/');
  await expect(page.locator('.menu summary')).toBeVisible();
  expect((await page.locator('header.site').boundingBox())!.height).toBeLessThan(80);
});

test('at 1280 px the navigation is one visible bar, no menu button', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/codes/550/');
  await expect(page.locator('.menu summary')).toBeHidden();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Sender reputation' })).toBeVisible();
  // Brand, navigation, search and toggle on one line.
  const header = (await page.locator('header.site').boundingBox())!;
  expect(header.height).toBeLessThan(80);
});

test.describe('theme', () => {
  test('follows the system: dark when the system is dark', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/codes/550/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'auto');
    await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);
    await expect(page.locator('#theme')).toHaveAttribute('aria-pressed', 'true');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('html')).toHaveCSS('background-color', LIGHT_BG);
    await expect(page.locator('#theme')).toHaveAttribute('aria-pressed', 'false');
  });

  test('the toggle switches, persists across a reload, and picking the system theme forgets the choice', async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/categories/');
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);
    expect(await page.evaluate(() => localStorage.getItem('theme'))).toBe('dark');

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    // Another page of the site remembers it too.
    await page.goto('/codes/550/');
    await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveCSS('background-color', LIGHT_BG);
    expect(await page.evaluate(() => localStorage.getItem('theme'))).toBeNull();
    // Light on a dark system is remembered as a choice.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.reload();
    await expect(page.locator('html')).toHaveCSS('background-color', LIGHT_BG);
    expect(await page.evaluate(() => localStorage.getItem('theme'))).toBe('light');
  });

  test('a dark reload never shows a light frame', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/codes/550/');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    // Record the state (a) when the parser inserts <body>, before anything in it can be painted
    // (a MutationObserver callback runs before the next rendering opportunity), and (b) in the
    // first animation frame, which runs just before the first frame is painted.
    await page.addInitScript(() => {
      const w = window as unknown as { seen: { at: string; theme?: string; bg: string }[] };
      w.seen = [];
      const record = (at: string) => {
        const root = document.documentElement;
        w.seen.push({ at, theme: root?.dataset.theme, bg: root ? getComputedStyle(root).backgroundColor : 'none' });
      };
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        record('body');
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
      requestAnimationFrame(() => record('first frame'));
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => (window as unknown as { seen: unknown[] }).seen.length)).toBe(2);
    const seen = await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen);
    expect(seen).toEqual(
      expect.arrayContaining([
        { at: 'body', theme: 'dark', bg: DARK_BG },
        { at: 'first frame', theme: 'dark', bg: DARK_BG },
      ]),
    );
  });

  test('without JavaScript the page follows the system and shows no toggle', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto('/codes/550/');
    await expect(page.locator('html')).toHaveCSS('background-color', DARK_BG);
    await expect(page.locator('#theme')).toBeHidden();
    await context.close();
  });
});

test('print shows the content only, black on white, with link targets written out', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/providers/gmail/');
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveCSS('background-color', LIGHT_BG);
  await expect(page.locator('main')).toHaveCSS('color', 'rgb(0, 0, 0)');
  for (const hidden of ['nav.main', 'form.search', '#theme', 'footer.site', '.menu'])
    await expect(page.locator(hidden).first(), hidden).toBeHidden();
  await expect(page.locator('h1')).toBeVisible();
  const external = page.locator('main a[href^="https://"]').first();
  const href = await external.getAttribute('href');
  expect(await external.evaluate((a) => getComputedStyle(a, '::after').content)).toContain(href!);
  // Screen again: everything is back.
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('form.search')).toBeVisible();
});
