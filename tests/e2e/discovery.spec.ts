import { test, expect, SUB } from './fixtures';

// The root build has no SITE_URL: no sitemap (it needs absolute URLs), robots.txt without a
// Sitemap line. The sub-path build is made with SITE_URL (tests/playwright.config.ts).

/** Every JSON-LD block on the page, parsed (a block that is not JSON fails the test). */
async function jsonLd(page: import('@playwright/test').Page): Promise<Record<string, unknown>[]> {
  const texts = await page.locator('script[type="application/ld+json"]').allTextContents();
  return texts.map((t) => JSON.parse(t));
}

test('without a site URL: robots.txt allows all, names no sitemap, and there is no sitemap.xml', async ({
  request,
}) => {
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(robots.headers()['content-type']).toMatch(/^text\/plain/);
  expect(await robots.text()).toBe('User-agent: *\nAllow: /\n');
  expect((await request.get('/sitemap.xml')).status()).toBe(404);
});

test('sitemap.xml is valid XML and lists every code page and no 404', async ({ page, request }) => {
  const robots = await (await request.get(`${SUB}robots.txt`)).text();
  expect(robots).toContain(`\nSitemap: ${SUB}sitemap.xml\n`);
  const res = await request.get(`${SUB}sitemap.xml`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^application\/xml/);
  const xml = await res.text();
  await page.goto(SUB);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    return {
      error: doc.getElementsByTagName('parsererror').length > 0,
      root: `${doc.documentElement.namespaceURI} ${doc.documentElement.localName}`,
      locs: [...doc.getElementsByTagNameNS('http://www.sitemaps.org/schemas/sitemap/0.9', 'loc')].map(
        (l) => l.textContent!,
      ),
    };
  }, xml);
  expect(parsed.error).toBe(false);
  expect(parsed.root).toBe('http://www.sitemaps.org/schemas/sitemap/0.9 urlset');
  const codes = ((await (await request.get(`${SUB}data/codes.json`)).json()) as { codes: { code: string }[] }).codes;
  expect(codes.length).toBeGreaterThan(100);
  const locs = new Set(parsed.locs);
  expect(locs.size).toBe(parsed.locs.length);
  const missing = codes.map((c) => `${SUB}codes/${c.code}/`).filter((u) => !locs.has(u));
  expect(missing).toEqual([]);
  for (const p of ['', 'analyze/', 'categories/', 'providers/', 'guides/sender-reputation/'])
    expect(locs).toContain(SUB + p);
  // Every listed URL is a real page whose canonical link is that URL.
  for (const loc of parsed.locs) {
    expect(loc.startsWith(SUB), loc).toBe(true);
    const r = await request.get(loc);
    expect(r.status(), loc).toBe(200);
    expect(await r.text(), loc).toContain(`<link rel="canonical" href="${loc}">`);
  }
  expect([...locs].some((u) => /404/.test(u))).toBe(false);
});

test('a code page has OpenGraph and Twitter tags and a DefinedTerm with breadcrumbs', async ({ page }) => {
  await page.goto('/codes/5.1.1/');
  const og = (p: string) => page.locator(`meta[property="og:${p}"]`);
  await expect(og('title')).toHaveAttribute('content', await page.title());
  const description = await page.locator('meta[name=description]').getAttribute('content');
  await expect(og('description')).toHaveAttribute('content', description!);
  await expect(og('type')).toHaveAttribute('content', 'website');
  await expect(og('site_name')).toHaveAttribute('content', 'Email Bounce Code Lookup');
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary');
  // No site URL in this build: no og:url or og:image, which must be absolute.
  await expect(og('url')).toHaveCount(0);
  await expect(og('image')).toHaveCount(0);

  const blocks = await jsonLd(page);
  const term = blocks.find((b) => b['@type'] === 'DefinedTerm');
  expect(term).toMatchObject({
    '@context': 'https://schema.org',
    name: '5.1.1',
    termCode: '5.1.1',
    url: '/codes/5.1.1/',
    inDefinedTermSet: { '@type': 'DefinedTermSet' },
  });
  expect(term!.alternateName).toBe(
    (await page.getByRole('heading', { level: 1 }).textContent())!.replace(/^\s*5\.1\.1\s*/, '').trim(),
  );
  const crumbs = blocks.find((b) => b['@type'] === 'BreadcrumbList') as {
    itemListElement: { position: number; name: string; item?: string }[];
  };
  const shown = (await page.locator('nav.crumbs li').allTextContents()).map((t) => t.trim());
  expect(crumbs.itemListElement.map((i) => i.name)).toEqual(shown);
  expect(crumbs.itemListElement.map((i) => i.position)).toEqual(shown.map((_, i) => i + 1));
  expect(crumbs.itemListElement.at(-1)!.item).toBeUndefined();
  expect(crumbs.itemListElement[0].item).toBe('/');
});

test('the home page has a WebSite with a SearchAction that really searches', async ({ page }) => {
  await page.goto('/');
  const site = (await jsonLd(page)).find((b) => b['@type'] === 'WebSite') as {
    name: string;
    potentialAction: { target: { urlTemplate: string }; 'query-input': string };
  };
  expect(site.name).toBe('Email Bounce Code Lookup');
  expect(site.potentialAction['query-input']).toBe('required name=search_term_string');
  await page.goto(site.potentialAction.target.urlTemplate.replace('{search_term_string}', 'mailbox%20full'));
  await expect(page.locator('#search-status')).toContainText('result', { timeout: 15_000 });
  await expect(page.locator('#results > li').first()).toBeVisible();
});

test('with a site URL: og:url is the canonical URL and og:image is a real PNG', async ({ page, request }) => {
  await page.goto(`${SUB}codes/550/`);
  const canonical = await page.locator('link[rel=canonical]').getAttribute('href');
  expect(canonical).toBe(`${SUB}codes/550/`);
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute('content', canonical!);
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
  const image = await page.locator('meta[property="og:image"]').getAttribute('content');
  expect(image).toBe(`${SUB}og-image.png`);
  const r = await request.get(image!);
  expect(r.status()).toBe(200);
  expect(r.headers()['content-type']).toBe('image/png');
  const term = (await jsonLd(page)).find((b) => b['@type'] === 'DefinedTerm');
  expect(term!.url).toBe(canonical);
});
