// Sender reputation checker (npm run bench): time from submit to the full report with recorded
// DNS answers and a simulated 50 ms resolver, in Node (the decision module alone) and in Chromium
// against the built /check/ page (requests intercepted, nothing leaves the machine), plus the
// JavaScript the page loads. Prints figures only; the tests check behaviour. Needs `npm run build`.
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { findBrowser } from '../tests/browser.mjs';
import { runChecks } from '../src/lib/checker/checks.ts';
import { dohBody, loadFixture, replayResolver } from '../tests/fixtures/checker/replay.ts';

const DELAY = 50;
const RUNS = 15;
const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'check/index.html'))) {
  console.error('bench/checker.mjs: no dist/check/ page; run `npm run build` first.');
  process.exit(1);
}
const f = loadFixture('good');
const input = { domain: f.domain, ip: f.ip, selectors: f.selectors };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

// 1. Node: the decision module with an instant resolver, then with a 50 ms one.
async function nodeRuns(delayMs) {
  const times = [];
  let queries = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await runChecks(input, replayResolver(f, { delayMs }));
    times.push(performance.now() - t0);
    queries = r.queries;
  }
  return { median: median(times), queries };
}
const instant = await nodeRuns(0);
const slow = await nodeRuns(DELAY);

// 2. Chromium: the built page, DoH answered from the fixture after 50 ms.
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (path.endsWith('/')) path += 'index.html';
  const file = join(dist, path);
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: findBrowser(),
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
const browserTimes = [];
let cold = 0;
let pageScript = 0;
try {
  const page = await browser.newPage();
  await page.route('https://cloudflare-dns.com/**', async (route) => {
    const u = new URL(route.request().url());
    const body = dohBody(f, u.searchParams.get('name'), u.searchParams.get('type'));
    await new Promise((r) => setTimeout(r, DELAY));
    await route.fulfill({ status: 200, headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(body) });
  });
  page.on('response', async (r) => {
    if (r.url().startsWith(origin) && r.request().resourceType() === 'script' && !r.url().includes('checks.')) {
      pageScript += gzipSync(await r.body()).length;
    }
  });
  await page.goto(`${origin}/check/`);
  for (let i = 0; i <= RUNS; i++) {
    await page.locator('#domain').fill(f.domain);
    await page.locator('#ip').fill(f.ip);
    // Timed inside the page: from the submit event to the attribute set after the last check.
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__t = {};
      document.getElementById('check-form').addEventListener('submit', () => (w.__t.start = performance.now()), {
        once: true,
        capture: true,
      });
      const list = document.getElementById('checks');
      new MutationObserver((_, obs) => {
        if (list.getAttribute('data-done') === 'true') {
          w.__t.end = performance.now();
          obs.disconnect();
        }
      }).observe(list, { attributes: true });
    });
    await page.locator('#check-submit').click();
    await page.waitForFunction(() => /** @type {any} */ (window).__t.end !== undefined, null, { timeout: 60_000 });
    const t = await page.evaluate(() => /** @type {any} */ (window).__t.end - /** @type {any} */ (window).__t.start);
    if (i === 0) cold = t;
    else browserTimes.push(t);
  }
} finally {
  await browser.close();
  server.close();
}
const lazy = readdirSync(join(dist, '_astro')).find((n) => n.startsWith('checks.') && n.endsWith('.js'));
const lazyGz = lazy ? gzipSync(readFileSync(join(dist, '_astro', lazy))).length : 0;

console.log(
  `Sender reputation checker (fixture "good": domain + IP, ${slow.queries} DNS queries, ${RUNS} runs, medians)`,
);
console.log(`  Node, instant resolver (decision module alone)   ${ms(instant.median)}`);
console.log(`  Node, ${DELAY} ms resolver                            ${ms(slow.median)}`);
console.log(`  Chromium /check/, ${DELAY} ms resolver, first run     ${ms(cold)} (loads the checker chunk)`);
console.log(`  Chromium /check/, ${DELAY} ms resolver, later runs    ${ms(median(browserTimes))}`);
console.log(
  `  JavaScript: page script ${(pageScript / 1024).toFixed(1)} KB gzip; checker chunk on submit ${(lazyGz / 1024).toFixed(1)} KB gzip`,
);
