import AxeBuilder from '@axe-core/playwright';
import type { Page, Route } from '@playwright/test';
import { test, expect } from './fixtures';
import { dohBody, loadFixture, type Fixture } from '../fixtures/checker/replay';
import type { RRType } from '../../src/lib/checker/dns';

// The /check/ page against recorded DNS answers served through request interception: no test
// reaches a real resolver. Every request the page makes is recorded, so a test can prove that
// queries went to the chosen resolver and nowhere else.
const RESOLVERS = ['https://cloudflare-dns.com/**', 'https://dns.google/**'];
// A full check is ~45 queries and the page renders each result: generous on a busy 2-core machine.
test.describe.configure({ timeout: 90_000 });

async function serve(
  page: Page,
  f: Fixture,
  override?: (name: string, type: RRType, route: Route) => Promise<boolean>,
) {
  const requests: { url: string; accept: string | undefined }[] = [];
  page.on('request', (r) => requests.push({ url: r.url(), accept: r.headers()['accept'] }));
  for (const pattern of RESOLVERS) {
    await page.route(pattern, async (route) => {
      const url = new URL(route.request().url());
      const name = url.searchParams.get('name') ?? '';
      const type = (url.searchParams.get('type') ?? 'A') as RRType;
      if (override && (await override(name, type, route))) return;
      const body = dohBody(f, name, type);
      if (body === 'timeout') return route.abort('timedout');
      await route.fulfill({
        status: 200,
        contentType: 'application/dns-json',
        headers: { 'access-control-allow-origin': '*' },
        body: JSON.stringify(body),
      });
    });
  }
  return requests;
}

/** Requests that left the site (the favicon and page assets stay on 127.0.0.1). */
const external = <R extends { url: string }>(requests: R[]) =>
  requests.filter((r) => !r.url.startsWith('http://127.0.0.1'));

async function runCheck(page: Page, f: Fixture) {
  await page.locator('#domain').fill(f.domain);
  if (f.ip) await page.locator('#ip').fill(f.ip);
  if (f.selectors?.length) await page.locator('#selector').fill(f.selectors.join(', '));
  await page.locator('#domain').press('Enter');
  await expect(page.locator('#checks')).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
}

const check = (page: Page, id: string) => page.locator(`#checks > li[data-check="${id}"]`);

test('checks a good sender through Cloudflare and asks nothing of anyone else', async ({ page }) => {
  const f = loadFixture('good');
  await page.goto('/check/');
  const requests = await serve(page, f);
  await runCheck(page, f);
  for (const id of ['mx', 'spf', 'dkim', 'dmarc', 'ptr', 'bulk', 'mta-sts', 'tls-rpt', 'bimi']) {
    await expect(check(page, id), id).toHaveAttribute('data-status', 'pass');
  }
  await expect(check(page, 'blocklists')).toHaveAttribute('data-status', 'error');
  await expect(check(page, 'blocklists')).toContainText('Spamhaus ZEN: could not check through a public resolver');
  await expect(check(page, 'blocklists')).not.toContainText('not listed on Spamhaus');
  await expect(page.locator('#check-status')).toContainText('Done: 0 failed');
  await expect(page.locator('#check-meta')).toContainText('through Cloudflare (cloudflare-dns.com)');
  await expect(page.locator('#check-meta')).toContainText(/\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  const out = external(requests);
  expect(out.length).toBeGreaterThan(20);
  for (const r of out) {
    const u = new URL(r.url);
    expect(`${u.origin}${u.pathname}`).toBe('https://cloudflare-dns.com/dns-query');
    expect([...u.searchParams.keys()]).toEqual(['name', 'type']);
    expect(r.accept).toBe('application/dns-json');
  }
  // The evidence shows the record as published.
  await check(page, 'spf').locator('summary').click();
  await expect(check(page, 'spf').locator('pre').first()).toHaveText(
    'v=spf1 include:_spf.mailhost.net ip4:93.184.216.0/24 -all',
  );
});

test('reports failures with their bounce codes and fixes through Google, chosen with the keyboard', async ({
  page,
}) => {
  const f = loadFixture('broken');
  await page.goto('/check/');
  const requests = await serve(page, f);
  await page.locator('#domain').fill(f.domain);
  await page.locator('#ip').fill(f.ip!);
  await page.locator('#selector').fill(f.selectors!.join(', '));
  await page.locator('input[name=resolver][value=cloudflare]').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('input[name=resolver][value=google]')).toBeChecked();
  await page.keyboard.press('Tab'); // the privacy-policy link
  await page.keyboard.press('Tab');
  await expect(page.locator('#check-submit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#checks')).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
  await expect(check(page, 'spf')).toHaveAttribute('data-status', 'fail');
  await expect(check(page, 'spf').locator('.summary')).toContainText('publishes 2 SPF records');
  await expect(check(page, 'spf').locator('a[href="/codes/5.7.23/"]')).toHaveText('5.7.23');
  await expect(check(page, 'spf')).toContainText('How to fix it');
  await expect(check(page, 'dkim')).toContainText('RSA key of 512 bits');
  await expect(check(page, 'ptr')).toHaveAttribute('data-status', 'fail');
  await expect(check(page, 'blocklists')).toContainText('listed on SpamCop');
  await expect(page.locator('#check-meta')).toContainText('Google Public DNS (dns.google)');
  for (const r of external(requests)) expect(r.url).toMatch(/^https:\/\/dns\.google\/resolve\?name=[^&]+&type=[A-Z]+$/);
});

test('a blocked resolver, a timeout and SERVFAIL get their own message and the other checks finish', async ({
  page,
  consoleErrors,
}) => {
  const f = loadFixture('good');
  await page.goto('/check/');
  await serve(page, f, async (name, _type, route) => {
    if (name.startsWith('_dmarc.')) return route.abort('blockedbyclient').then(() => true);
    if (name.startsWith('_mta-sts.')) return route.abort('timedout').then(() => true);
    if (name.includes('_bimi')) {
      await route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*' }, body: '{"Status":2}' });
      return true;
    }
    return false;
  });
  await runCheck(page, { ...f, ip: undefined });
  await expect(check(page, 'dmarc')).toHaveAttribute('data-status', 'error');
  await expect(check(page, 'dmarc')).toContainText('the resolver could not be reached');
  await expect(check(page, 'mta-sts')).toHaveAttribute('data-status', 'error');
  await expect(check(page, 'bimi')).toContainText('SERVFAIL');
  await expect(check(page, 'spf')).toHaveAttribute('data-status', 'pass');
  await expect(check(page, 'dkim')).toHaveAttribute('data-status', 'pass');
  await expect(page.locator('#check-status')).toContainText('could not be checked');
  // Chromium logs each request this test made fail on purpose; nothing else may be logged.
  const expected = /^Failed to load resource: net::ERR_(BLOCKED_BY_CLIENT|TIMED_OUT)/;
  expect(consoleErrors.filter((e) => expected.test(e)).length).toBeGreaterThan(0);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !expected.test(e)));
});

test('validates input, converts IDNs to A-labels and renders hostile records as text', async ({ page }) => {
  const f = loadFixture('good');
  await page.goto('/check/?domain=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
  const requests = await serve(page, f, async (name, type, route) => {
    if (type !== 'TXT' || !name.startsWith('_dmarc.')) return false;
    const data = '"v=DMARC1; p=none; rua=mailto:<img src=x onerror=alert(1)>@example.com"';
    await route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': '*' },
      body: JSON.stringify({ Status: 0, Answer: [{ type: 16, data }] }),
    });
    return true;
  });
  // Pre-filled, but nothing runs until the reader asks.
  await expect(page.locator('#domain')).toHaveValue('<img src=x onerror=alert(1)>');
  await page.locator('#check-submit').click();
  await expect(page.locator('#domain')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#domain-error')).toContainText('cannot contain');
  await expect(page.locator('#domain')).toBeFocused();
  await page.locator('#domain').fill('good-sender.com');
  await page.locator('#ip').fill('300.1.2.3');
  await page.locator('#check-submit').click();
  await expect(page.locator('#ip-error')).toContainText('not an IPv4 address');
  expect(external(requests)).toEqual([]);

  await page.locator('#ip').fill('');
  await page.locator('#domain').fill('Bücher.de');
  await page.locator('#check-submit').click();
  await expect(page.locator('#checks')).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
  await expect(page.locator('#check-status')).toContainText('Done');
  const names = external(requests).map((r) => new URL(r.url).searchParams.get('name') ?? '');
  expect(names).toContain('xn--bcher-kva.de');
  expect(names.filter((n) => /[^\x20-\x7e]/.test(n))).toEqual([]);
  await check(page, 'dmarc').locator('summary').click();
  await expect(check(page, 'dmarc').locator('pre')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('#checks img')).toHaveCount(0);
});

test('no axe violations on /check/ with results', async ({ page }) => {
  test.setTimeout(240_000); // axe over the full report is slow when the machine is busy
  const f = loadFixture('broken');
  await page.goto('/check/');
  await serve(page, f);
  await runCheck(page, f);
  await page.locator('#checks details').first().locator('summary').click();
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('explains every check and says the checks need JavaScript', async ({ page }) => {
    await page.goto('/check/');
    await expect(page.locator('noscript')).toHaveCount(1);
    await expect(page.getByRole('heading', { name: 'What each check looks at' })).toBeVisible();
    await expect(page.locator('#about-spf + p')).toContainText('SPF lists the servers');
    await expect(page.locator('a[href="/codes/5.7.26/"]').first()).toBeVisible();
  });
});

test('the header, the home page, the guide and authentication code pages link the checker', async ({ page }) => {
  await page.goto('/codes/5.7.26/');
  await expect(page.locator('.checker-link a')).toHaveAttribute('href', '/check/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Checker' }).click();
  await expect(page).toHaveURL(/\/check\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sender reputation checker');
  await page.goto('/codes/5.1.1/');
  await expect(page.locator('.checker-link')).toHaveCount(0);
  await page.goto('/');
  await expect(page.locator('main p a[href="/check/"]')).toHaveText('sender reputation checker');
  await page.goto('/guides/sender-reputation/');
  await page.getByRole('link', { name: 'sender reputation checker' }).click();
  await expect(page).toHaveURL(/\/check\/$/);
});
