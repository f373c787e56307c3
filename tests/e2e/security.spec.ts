// Every page template works under the Content-Security-Policy (in its <meta> and, from
// bin/serve.ts, as a header): Chromium reports no violation, and the scripts still do their job.
import { test as plain, type Page } from '@playwright/test';
import { test, expect, TEMPLATES, SUB, search } from './fixtures';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/** Collects every `securitypolicyviolation` the page reports, from before its first script runs. */
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}`),
    );
  });
}

for (const { path, ready } of TEMPLATES) {
  test(`no Content-Security-Policy violation on ${path}`, async ({ page }) => {
    await recordViolations(page);
    const res = await page.goto(path);
    const headers = res!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
      'content',
      /script-src 'self' 'wasm-unsafe-eval' 'sha256-/,
    );
    await ready?.(page);
    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  });
}

test('full-text search (Pagefind, WebAssembly) works under the policy; no request carries the query', async ({
  page,
}) => {
  await recordViolations(page);
  const referers: string[] = [];
  page.on('request', async (r) => {
    if (r.url().includes('/pagefind/')) referers.push((await r.allHeaders()).referer ?? '');
  });
  const results = await search(page, 'mailbox full');
  await expect(results.first()).toHaveAttribute('data-url', /^\/codes\//);
  expect(referers.length).toBeGreaterThan(0);
  // The page sends none (no-referrer); Pagefind's worker names only its own script.
  expect(referers.filter((r) => /mailbox|[?]q=/.test(r))).toEqual([]);
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
});

test('the sub-path build carries the policy too', async ({ page }) => {
  await recordViolations(page);
  const results = await search(page, 'dmarc', SUB);
  await expect(results.first()).toHaveAttribute('data-url', /^\/bounce-codes\/codes\//);
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
});

// Without this, a policy that never took effect would pass every test above. This one expects a
// violation (and its console error), so it runs without the console-error check.
plain('the policy is enforced: an injected inline script does not run', async ({ page }) => {
  await recordViolations(page);
  await page.goto('/codes/550/');
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 0));
    return 'injected' in window;
  });
  expect(ran).toBe(false);
  await expect.poll(() => page.evaluate(() => window.cspViolations.length)).toBeGreaterThan(0);
});

test("a page's <meta> policy names exactly the hashes of its own inline code, the header all pages'", async ({
  page,
}) => {
  const res = await page.goto('/codes/550/');
  const meta = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'))!;
  const own = await page.evaluate(async () => {
    const digest = async (s: string) =>
      btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))));
    const code = (sel: string) => [...document.querySelectorAll(sel)].map((e) => e.textContent ?? '');
    return {
      scripts: await Promise.all(code('script:not([src]):not([type="application/ld+json"])').map(digest)),
      styles: await Promise.all(code('style').map(digest)),
    };
  });
  const hashes = (policy: string, directive: string) =>
    [...(new RegExp(`${directive} ([^;]*)`).exec(policy)?.[1].matchAll(/'sha256-([^']+)'/g) ?? [])].map((m) => m[1]);
  expect(hashes(meta, 'script-src').sort()).toEqual([...new Set(own.scripts)].sort());
  expect(hashes(meta, 'style-src').sort()).toEqual([...new Set(own.styles)].sort());
  // The header allows more (other pages' code), never less.
  const header = res!.headers()['content-security-policy'];
  for (const h of own.scripts) expect(hashes(header, 'script-src')).toContain(h);
  expect(hashes(header, 'style-src').length).toBeGreaterThan(own.styles.length);
});
