// Browser side of /search/: exact codes first (from the embedded code list), then Pagefind.
import { exactCodeSearch, isMalformedCode, looksLikePastedBounce, type CodeEntry } from '../lib/search';
import { encodeShare } from '../lib/share';
import { createMatcher, type MatchableVariant } from '../lib/matcher';
import { classify, parseCodeQuery } from '../lib/codes';
import { codeUrl, withBase } from '../lib/urls';
import { el } from './dom';

interface PagefindResult {
  url: string;
  excerpt: string;
  meta: { title?: string };
}
interface Pagefind {
  options(o: object): Promise<void>;
  search(q: string): Promise<{ results: { data(): Promise<PagefindResult> }[] } | null>;
}

const base = import.meta.env.BASE_URL;
const form = document.getElementById('search-form') as HTMLFormElement;
const input = document.getElementById('q') as HTMLInputElement;
const list = document.getElementById('results') as HTMLOListElement;
const status = document.getElementById('search-status') as HTMLElement;
const codes = new Map<string, CodeEntry>(
  (JSON.parse(document.getElementById('code-index')!.textContent || '[]') as [string, string][]).map(
    ([code, title]) => [code, { code, title }],
  ),
);

const variants = JSON.parse(document.getElementById('variant-index')!.textContent || '[]') as (MatchableVariant & {
  provider: string;
  url: string;
})[];
const matcher = createMatcher(variants);

let pagefindPromise: Promise<Pagefind | null> | undefined;
function loadPagefind(): Promise<Pagefind | null> {
  pagefindPromise ??= import(/* @vite-ignore */ withBase('pagefind/pagefind.js', base))
    .then(async (pf: Pagefind) => {
      // Short pages about one code should beat long pages that mention a word in passing.
      await pf.options({
        baseUrl: base,
        ranking: { termFrequency: 0.6, pageLength: 0.4, termSaturation: 1.2, metaWeights: { title: 5, keywords: 4 } },
      });
      return pf;
    })
    .catch(() => null);
  return pagefindPromise;
}

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
let timer: ReturnType<typeof setTimeout> | undefined;

function showCount(q: string): void {
  const n = list.children.length;
  status.textContent = n === 0 ? `No results for “${q}”.` : `${n} result${n === 1 ? '' : 's'} for “${q}”.`;
}

/** Exact codes are answered at once; the full-text part waits until typing pauses (delay). */
function run(query: string, delay = 0): void {
  const mine = ++generation;
  clearTimeout(timer);
  const q = query.trim();
  const url = new URL(location.href);
  if (q) url.searchParams.set('q', q);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
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
  for (const { variant: m } of matcher.rank(q, { ...parseCodeQuery(q), domain })) {
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
  timer = setTimeout(() => void fullText(words, q, mine), delay);
}

async function fullText(words: string, q: string, mine: number): Promise<void> {
  const pf = await loadPagefind();
  if (mine !== generation) return;
  if (!pf) {
    status.textContent =
      'Full-text search is unavailable (the index is built by npm run build). Exact codes still work.';
    return;
  }
  const found = await pf.search(words.slice(0, 200));
  const data = await Promise.all((found?.results ?? []).slice(0, 10).map((r) => r.data()));
  if (mine !== generation) return;
  const shown = new Set(Array.from(list.children, (li) => (li as HTMLElement).dataset.url));
  for (const d of data) {
    if (shown.has(d.url)) continue;
    shown.add(d.url);
    list.append(item(d.url, d.meta.title ?? d.url, undefined, excerptNode(d.excerpt)));
  }
  showCount(q);
}

input.addEventListener('input', () => run(input.value, 150));
form.addEventListener('submit', (e) => {
  e.preventDefault();
  run(input.value);
});
input.value = new URLSearchParams(location.search).get('q') ?? '';
run(input.value);
void loadPagefind();
