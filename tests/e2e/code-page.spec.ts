// The code page's reading aids: the answer card right under the H1, the SMTP-stage diagram, the
// contents list, heading permalinks and copy buttons (JavaScript only adds the buttons), and the
// page-weight budget over every built code page.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const dist = new URL('../../dist/', import.meta.url).pathname;
const BUDGET = 14 * 1024;

test('every code page costs at most 14 KB gzip, HTML plus CSS', () => {
  const pages = readdirSync(join(dist, 'codes'), { withFileTypes: true }).filter((d) => d.isDirectory());
  expect(pages.length).toBeGreaterThan(100);
  const weights = pages.map((d) => {
    const html = readFileSync(join(dist, 'codes', d.name, 'index.html'), 'utf8');
    const css = [...html.matchAll(/<link[^>]+rel="?stylesheet"?[^>]+href="?([^"\s>]+)/g)]
      .map((m) => readFileSync(join(dist, m[1]), 'utf8'))
      .join('');
    return { code: d.name, bytes: gzipSync(html + css).length };
  });
  const over = weights.filter((w) => w.bytes > BUDGET).map((w) => `${w.code}: ${w.bytes} B`);
  expect(over, 'code pages over 14 KB gzip').toEqual([]);
});

/** The answer card's rows as { label: value }. */
async function cardRows(page: Page): Promise<Record<string, string>> {
  return page
    .locator('.answer dl > div')
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((r) => [
          r.querySelector('dt')!.textContent!.replace(/:$/, ''),
          r.querySelector('dd')!.textContent!.trim(),
        ]),
      ),
    );
}

/** Labels of the diagram's marked steps. */
const marked = (page: Page) => page.locator('svg.smtp g.on text').allTextContents();

test('the answer card comes right after the H1 with verdict, address, bounce type, retry and who acts', async ({
  page,
}) => {
  await page.goto('/codes/5.7.26/');
  // The first element after the heading is the card, and it holds the one-line meaning.
  const next = page.locator('article h1 + *');
  await expect(next).toHaveClass(/\banswer\b/);
  await expect(next.locator('.lead')).not.toBeEmpty();
  const rows = await cardRows(page);
  expect(rows).toMatchObject({
    'What to do': 'Fix the sender',
    Address: 'keep it',
    Failure: 'Hard bounce',
    'Who fixes it': expect.stringMatching(/^You, the sender/),
  });
  expect(rows.Retry).toMatch(/^Not unchanged/);
  // The card's verdict agrees with the verdict section it links to.
  await expect(page.locator('section.verdict')).toHaveAttribute('data-verdict', 'fix-sender');
  await expect(next.getByRole('link', { name: 'Fix the sender' })).toHaveAttribute('href', '#verdict');
});

test('the card labels a hard bounce apart from what happens to the address', async ({ page }) => {
  await page.goto('/codes/5.1.1/');
  expect(await cardRows(page)).toMatchObject({
    'What to do': 'Suppress the address',
    Address: 'remove it',
    Failure: 'Hard bounce',
  });
  await page.goto('/codes/550/');
  const rows = await cardRows(page);
  expect(rows).toMatchObject({ 'What to do': 'Depends on the reason: read the text', Address: 'depends on the text' });
  expect(rows['Who fixes it']).toMatch(/^Depends on the text/);
  await page.goto('/codes/4.2.2/');
  expect(await cardRows(page)).toMatchObject({ Failure: 'Soft bounce' });
  // A success is no failure: no bounce-type row, and nothing to retry.
  await page.goto('/codes/250/');
  const ok = await cardRows(page);
  expect(ok).toMatchObject({ 'What to do': 'No action', Retry: expect.stringMatching(/^Nothing to retry/) });
  expect(ok).not.toHaveProperty('Failure');
  // Never a doubled label such as "Permanent failure: permanent failure".
  await page.goto('/codes/5.7.1/');
  await expect(page.locator('body')).not.toContainText(/(\w+ failure): \1/i);
});

test('the SMTP diagram marks RCPT TO for an unknown user and DATA for failed authentication', async ({ page }) => {
  await page.goto('/codes/5.1.1/');
  const svg = page.getByRole('img', { name: /Where in the SMTP conversation 5\.1\.1 is seen/ });
  await expect(svg).toBeVisible();
  expect(await marked(page)).toEqual(['RCPT TO', 'Later: DSN']);
  await expect(svg).toHaveAttribute('aria-label', /RCPT TO/);
  await page.goto('/codes/5.7.26/');
  expect(await marked(page)).toEqual(['DATA', 'Later: DSN']);
  // A reply code gets what RFC 5321 section 4.3.2 allows on top of its record: 550 at EHLO too.
  await page.goto('/codes/550/');
  expect(await marked(page)).toEqual(expect.arrayContaining(['EHLO', 'MAIL FROM', 'RCPT TO', 'DATA']));
  expect(await marked(page)).not.toContain('Connect');
  // The text list says the same as the picture.
  expect(await page.locator('.hd:has(#stage) ~ ul').first().locator('li').count()).toBe((await marked(page)).length);
});

test('the contents list links every section heading, and each heading has a permalink', async ({ page }) => {
  await page.goto('/codes/5.7.1/');
  const toc = page.getByRole('navigation', { name: 'On this page' });
  const targets = await toc.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(targets.length).toBeGreaterThanOrEqual(10);
  // Every section heading (callouts aside) is listed, in page order, and nothing else.
  const headings = await page
    .locator('article h2')
    .evaluateAll((hs) => hs.filter((h) => !h.closest('aside')).map((h) => `#${h.id}`));
  expect(targets).toEqual(headings);
  for (const id of await page.locator('article h2').evaluateAll((hs) => hs.map((h) => h.id))) {
    expect(id).not.toBe('');
    const link = page.locator(`.hd:has(> h2#${id}) > a.pl`);
    await expect(link).toHaveAttribute('href', `#${id}`);
    await expect(link).toHaveAccessibleName(`Link to “${await page.locator(`h2#${id}`).textContent()}”`);
  }
  // Hidden until hovered or focused (on a device that can hover), then shown.
  const first = page.locator('a.pl').first();
  await expect(first).toHaveCSS('opacity', '0');
  await first.focus();
  await expect(first).toHaveCSS('opacity', '1');
  await toc.getByRole('link', { name: 'What providers send' }).click();
  await expect(page).toHaveURL(/#providers$/);
  await expect(page.locator('#providers')).toBeInViewport();
});

test('copy buttons copy the code, the link and a provider text', async ({ page }) => {
  // A stand-in clipboard: what the page writes is what the reader would paste.
  await page.addInitScript(() => {
    const w = window as unknown as { copied: string[] };
    w.copied = [];
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: async (t: string) => void w.copied.push(t) },
    });
  });
  await page.goto('/codes/5.7.1/');
  const copied = () => page.evaluate(() => (window as unknown as { copied: string[] }).copied);
  await page.getByRole('button', { name: 'Copy the code 5.7.1' }).click();
  await page.getByRole('button', { name: 'Copy the link to this page' }).click();
  const item = page.locator('li#icloud-550-5-7-1-spamhaus-sbl');
  await item.getByRole('button', { name: /^Copy the text of Apple iCloud Mail 550 5\.7\.1/ }).click();
  await expect
    .poll(copied)
    .toEqual([
      '5.7.1',
      'http://127.0.0.1:' + new URL(page.url()).port + '/codes/5.7.1/',
      await item.locator('code').textContent(),
    ]);
  await expect(page.getByRole('status')).toHaveText('Copied');
  // One button per provider text.
  expect(await page.locator('.pv li .cp').count()).toBe(await page.locator('.pv li').count());
});

test('no copy button without a clipboard', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
  await page.goto('/codes/5.7.1/');
  await expect(page.locator('.answer')).toBeVisible();
  await expect(page.locator('button.cp')).toHaveCount(0);
});

test('every provider text keeps its anchor and links to its row on the provider page', async ({ page }) => {
  await page.goto('/codes/5.7.1/');
  const item = page.locator('li#gmail-550-5-7-1-spam-blocked, li[id^="gmail-"]').first();
  const id = await item.getAttribute('id');
  await item.locator('a').first().click();
  await expect(page).toHaveURL(new RegExp(`/providers/gmail/#${id}$`));
  await expect(page.locator(`#${id}`)).toBeVisible();
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });
  test('a code page reads fully and shows no copy button', async ({ page }) => {
    await page.goto('/codes/5.7.1/');
    await expect(page.locator('article h1 + .answer .lead')).not.toBeEmpty();
    expect(Object.keys(await cardRows(page))).toEqual(['What to do', 'Address', 'Failure', 'Retry', 'Who fixes it']);
    await expect(page.getByRole('img', { name: /SMTP conversation/ })).toBeVisible();
    expect(await page.locator('.pv li code').count()).toBeGreaterThan(50);
    await expect(page.locator('button.cp')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Copy/ })).toHaveCount(0);
  });
});

test('print hides the copy buttons, permalinks and contents list', async ({ page }) => {
  await page.goto('/codes/550/');
  await expect(page.locator('button.cp').first()).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('button.cp').first()).toBeHidden();
  await expect(page.locator('a.pl').first()).toBeHidden();
  await expect(page.locator('nav.toc')).toBeHidden();
  await expect(page.locator('.answer')).toBeVisible();
});
