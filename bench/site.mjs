// Measures the built site and prints the figures (npm run bench). Not a test: it only reports.
//   build time, pages built, code-page weight (gzip HTML+CSS, median and max), JavaScript a
//   code page loads before any interaction, search index size, and time from typing to result.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { findBrowser } from '../tests/browser.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const PORT = 4391;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. Build time (the full production build, Pagefind included).
const t0 = performance.now();
const build = spawnSync('npx', ['astro', 'build'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
const buildSeconds = (performance.now() - t0) / 1000;

// 2. Pages and code-page weight. CSS is inlined, so the HTML is the whole HTML+CSS; linked
//    stylesheets, if any ever appear, are added in.
const pages = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
const codePages = pages.filter((f) => /^codes\/[^/]+\/index\.html$/.test(f));
const weights = codePages.map((f) => {
  const html = readFileSync(join(dist, f), 'utf8');
  const css = [...html.matchAll(/<link[^>]+rel="?stylesheet"?[^>]+href="?([^"\s>]+)/g)]
    .map((m) => readFileSync(join(dist, m[1]), 'utf8'))
    .join('');
  return { f, bytes: gzipSync(html + css).length };
});
const heaviest = weights.reduce((a, b) => (b.bytes > a.bytes ? b : a));

// 3. Search index size.
const dirSize = (d) =>
  readdirSync(d, { recursive: true, encoding: 'utf8' }).reduce((n, f) => {
    const s = statSync(join(d, f));
    return n + (s.isFile() ? s.size : 0);
  }, 0);
// The index proper (word index, page fragments, metadata) apart from Pagefind's runtime
// (pagefind.js, its worker and WebAssembly) and the UI bundles it always writes but we do not load.
const pf = join(dist, 'pagefind');
const indexBytes =
  dirSize(join(pf, 'index')) +
  dirSize(join(pf, 'fragment')) +
  readdirSync(pf)
    .filter((f) => f.endsWith('.pf_meta'))
    .reduce((n, f) => n + statSync(join(pf, f)).size, 0);
const totalPagefindBytes = dirSize(pf);

// 4. In Chromium: JavaScript a code page loads, and search latency.
const server = spawn('npx', ['astro', 'preview', '--port', String(PORT), '--host', '127.0.0.1', '--ignore-lock'], {
  cwd: root,
  stdio: 'ignore',
  detached: true,
});
const origin = `http://127.0.0.1:${PORT}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(origin)).ok) break;
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 200));
}
const browser = await chromium.launch({
  executablePath: findBrowser(),
  args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  let scriptBytes = 0;
  let scriptRequests = 0;
  page.on('response', async (r) => {
    if (r.request().resourceType() !== 'script' || r.status() >= 300) return;
    scriptRequests++;
    scriptBytes += (await r.body()).length;
  });
  await page.goto(`${origin}/codes/5.1.1/`, { waitUntil: 'networkidle' });
  page.removeAllListeners('response');
  const inlineScriptBytes = await page.evaluate(() =>
    [...document.querySelectorAll('script:not([src])')]
      .filter((s) => !s.type || s.type === 'module' || s.type === 'text/javascript')
      .reduce((n, s) => n + s.textContent.length, 0),
  );

  async function timeToResult(query, expectedUrl, runs = 7) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(`${origin}/search/`, { waitUntil: 'networkidle' });
      const ms = await page.evaluate(
        ({ query, expectedUrl }) =>
          new Promise((resolve) => {
            const input = document.getElementById('q');
            const list = document.getElementById('results');
            const start = performance.now();
            const status = document.getElementById('search-status');
            // Exact codes: the right first result. Words: the full-text results are in (status shows the count).
            const done = () => {
              const first = list.querySelector('li');
              const ok =
                expectedUrl === null ? /\d+ results? for/.test(status.textContent) : first?.dataset.url === expectedUrl;
              if (ok) {
                obs.disconnect();
                resolve(performance.now() - start);
              }
              return ok;
            };
            const obs = new MutationObserver(done);
            obs.observe(list, { childList: true, subtree: true });
            obs.observe(status, { childList: true, characterData: true, subtree: true });
            // Type it the way a person does: one input event per character.
            for (let k = 1; k <= query.length; k++) {
              input.value = query.slice(0, k);
              input.dispatchEvent(new Event('input'));
            }
            done();
          }),
        { query, expectedUrl },
      );
      times.push(ms);
    }
    return median(times);
  }
  // What a first keyword search downloads from the index (fresh page, nothing cached).
  const ctx = await browser.newContext();
  const fresh = await ctx.newPage();
  let pagefindBytes = 0;
  fresh.on('response', async (r) => {
    if (r.url().includes('/pagefind/') && r.status() < 300) pagefindBytes += (await r.body()).length;
  });
  await fresh.goto(`${origin}/search/?q=${encodeURIComponent('mailbox full')}`);
  await fresh.waitForFunction(() => /result/.test(document.getElementById('search-status')?.textContent ?? ''));
  await fresh.waitForLoadState('networkidle');
  await ctx.close();

  // The analyzer page: paste a whole Gmail multi-line reply, wait for the rendered finding.
  const pasteTimes = [];
  for (let i = 0; i < 7; i++) {
    await page.goto(`${origin}/analyze/`, { waitUntil: 'networkidle' });
    pasteTimes.push(
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            const input = document.getElementById('bounce');
            const list = document.getElementById('findings');
            const start = performance.now();
            const obs = new MutationObserver(() => {
              if (list.querySelector('li[data-verdict]')) {
                obs.disconnect();
                resolve(performance.now() - start);
              }
            });
            obs.observe(list, { childList: true });
            input.value =
              "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. a1si1 - gsmtp";
            input.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste' }));
          }),
      ),
    );
  }
  const pasteMs = median(pasteTimes);

  const exactMs = await timeToResult('5.1.1', '/codes/5.1.1/');
  const wordsMs = await timeToResult('mailbox full', null);

  const lines = [
    ['Build time (astro build + Pagefind)', `${buildSeconds.toFixed(1)} s`],
    ['Pages built', `${pages.length} (${codePages.length} code pages)`],
    ['Code page HTML+CSS, gzip, median', kb(median(weights.map((w) => w.bytes)))],
    ['Code page HTML+CSS, gzip, max', `${kb(heaviest.bytes)} (${heaviest.f.replace('/index.html', '/')})`],
    ['Budget (14 KB) met by every code page', weights.every((w) => w.bytes <= 14 * 1024) ? 'yes' : 'NO'],
    [
      'JavaScript a code page loads before interaction',
      `${scriptRequests} script requests, ${scriptBytes} B external + ${inlineScriptBytes} B inline`,
    ],
    ['Search index: word index + fragments + metadata', kb(indexBytes)],
    ['dist/pagefind in all (runtime, wasm, unused UI bundles)', kb(totalPagefindBytes)],
    ['Index bytes a first keyword search downloads', kb(pagefindBytes)],
    ['Typing an exact code (5.1.1) → first result, median of 7', `${exactMs.toFixed(1)} ms`],
    ['Pasting a bounce on /analyze/ → result shown, median of 7', `${pasteMs.toFixed(1)} ms`],
    [
      'Typing words (mailbox full) → full-text results, median of 7',
      `${wordsMs.toFixed(1)} ms (includes the 150 ms typing pause)`,
    ],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  for (const [k, v] of lines) console.log(`${k.padEnd(width)}  ${v}`);
} finally {
  await browser.close();
  process.kill(-server.pid);
}
