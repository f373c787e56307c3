// Browser side of /search/: exact codes first (from /data/search-index.json), then Pagefind.
// Pagefind starts loading before anything else; full-text results render as each arrives.
import {
  codeMap,
  exactCodeSearch,
  isMalformedCode,
  looksLikePastedBounce,
  type CodeEntry,
  type SearchIndex,
} from '../lib/search';
import { encodeShare } from '../lib/share';
import { createMatcher } from '../lib/matcher';
import { classify, parseCodeQuery } from '../lib/codes';
import { codeUrl, withBase } from '../lib/urls';
import { el } from './dom';
import { loadPagefind, type PagefindHit } from './pagefind';
import { loadSearchIndex } from './search-index';

const base = import.meta.env.BASE_URL;
const pagefind = loadPagefind(base);
const index = loadSearchIndex(base).then(
  (ix) => ({ ...ix, codes: codeMap(ix) }),
  () => ({ codes: new Map<string, CodeEntry>(), variants: [], failed: true }),
);

// The one provider-text matcher (src/lib/matcher.ts), built once the index has arrived.
let matcher: ReturnType<typeof createMatcher<SearchIndex['variants'][number]>> | undefined;
const matcherFor = (variants: SearchIndex['variants']) => (matcher ??= createMatcher(variants));

/** Full-text results shown at first and added by "More results": each one costs a fragment request. */
const PAGE = 8;

const form = document.getElementById('search-form') as HTMLFormElement;
const input = document.getElementById('q') as HTMLInputElement;
const list = document.getElementById('results') as HTMLOListElement;
const status = document.getElementById('search-status') as HTMLElement;
const more = document.getElementById('more-results') as HTMLButtonElement;

/** Copy Pagefind's excerpt as text plus <mark>, never as raw HTML. */
function excerptNode(html: string): HTMLParagraphElement {
  const p = el('p', undefined, { class: 'excerpt' });
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  for (const node of Array.from(doc.body.childNodes))
    p.append(node.nodeName === 'MARK' ? el('mark', node.textContent ?? '') : (node.textContent ?? ''));
  return p;
}

function item(url: string, title: string, tag: string | undefined, excerpt?: string | HTMLElement): HTMLLIElement {
  const li = el('li');
  li.dataset.url = url;
  li.append(el('a', title, { href: url }));
  if (tag) li.append(' ', el('span', tag, { class: 'badge info' }));
  if (typeof excerpt === 'string') li.append(el('p', excerpt, { class: 'excerpt' }));
  else if (excerpt) li.append(excerpt);
  return li;
}

let generation = 0;

function showCount(q: string): void {
  const n = list.children.length;
  status.textContent = n === 0 ? `No results for “${q}”.` : `${n} result${n === 1 ? '' : 's'} for “${q}”.`;
}

/** Keep the query in the address (shareable), except a pasted bounce: `?q=` reaches access logs and Referers. */
function remember(q: string): void {
  const url = new URL(location.href);
  if (q && !looksLikePastedBounce(q)) url.searchParams.set('q', q);
  else url.searchParams.delete('q');
  if (url.href !== location.href) history.replaceState(null, '', url);
}

/** Every keystroke searches at once; a newer query makes older work stop before it fetches anything. */
async function run(query: string): Promise<void> {
  const mine = ++generation;
  const q = query.trim();
  remember(q);
  more.hidden = true;
  if (!q) {
    list.replaceChildren();
    status.textContent = 'Type a code (550, 5.1.1), paste a bounce line, or describe the problem.';
    return;
  }
  if (isMalformedCode(q)) {
    list.replaceChildren();
    status.textContent = `“${q}” is not a code: reply codes have three digits (550), enhanced codes three numbers separated by dots (5.1.1). No results.`;
    return;
  }
  const { codes, variants } = await index;
  if (mine !== generation) return;
  const exact = exactCodeSearch(q, codes);
  const items = exact.documented.map((c) => item(codeUrl(c.code, base), `${c.code} ${c.title}`, 'Exact code'));
  // A pasted bounce is more than a lookup: offer the analyzer, with the text in the fragment.
  const share = looksLikePastedBounce(q) ? encodeShare(q) : undefined;
  if (share)
    items.push(
      item(
        withBase(`analyze/${share}`, base),
        'Analyse this whole bounce: every code, the provider, and what to do',
        'Analyzer',
      ),
    );
  for (const code of exact.undocumented) {
    const info = classify(code);
    const what = info ? `${info.class.label}${info.subject ? `, ${info.subject.title}` : ''}` : '';
    items.push(item(codeUrl(code, base), `${code} is not documented here: read what its digits mean`, undefined, what));
  }
  // A provider's own wording pins down the exact variant, even when the text has no code.
  const domain = /@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(q.slice(0, 2000))?.[1];
  for (const { variant: m } of matcherFor(variants).rank(q, { ...parseCodeQuery(q), domain })) {
    const codes = [m.reply, m.enhanced].filter(Boolean).join(' ');
    items.push(item(m.url, `${m.provider}: ${codes}`, 'Provider text'));
  }
  for (const code of exact.undocumented) {
    for (const v of variants.filter((x) => x.enhanced === code || (!x.enhanced && x.reply === code))) {
      if (!items.some((li) => li.dataset.url === v.url))
        items.push(item(v.url, `${v.provider}: ${[v.reply, v.enhanced].filter(Boolean).join(' ')}`, 'Provider code'));
    }
  }
  list.replaceChildren(...items);
  const words = exact.found.length > 0 ? exact.words : q;
  if (!words) return showCount(q);
  status.textContent = 'Searching…';
  const pf = await pagefind;
  if (mine !== generation) return;
  if (!pf) {
    status.textContent =
      'Full-text search is unavailable (the index is built by npm run build). Exact codes still work.';
    return;
  }
  const found = await pf.search(words.slice(0, 200));
  if (mine !== generation) return;
  await show(found?.results ?? [], 0, q, mine);
}

/** Fetch and render hits[from, from + PAGE) in order, each as soon as it and those before it are in. */
async function show(hits: PagefindHit[], from: number, q: string, mine: number): Promise<void> {
  const shown = new Set(Array.from(list.children, (li) => (li as HTMLElement).dataset.url));
  const batch = hits.slice(from, from + PAGE).map((h) => h.data());
  for (const pending of batch) {
    const d = await pending;
    if (mine !== generation) return;
    if (shown.has(d.url)) continue;
    shown.add(d.url);
    const li = item(d.url, d.meta.title ?? d.url, undefined, excerptNode(d.excerpt));
    li.dataset.kind = 'text'; // a full-text result (tests and bench/site.mjs wait for these)
    list.append(li);
  }
  showCount(q);
  const next = from + PAGE;
  more.hidden = hits.length <= next;
  more.onclick = () => {
    more.hidden = true;
    void show(hits, next, q, mine);
  };
}

input.addEventListener('input', () => void run(input.value));
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void run(input.value);
});
input.value = new URLSearchParams(location.search).get('q') ?? '';
void run(input.value);
