// Browser side of /search/: exact codes, provider texts and pages from /data/search-index.json
// first (ranked by src/lib/search.ts), then Pagefind's full-text results as each one arrives.
import {
  bestSentence,
  codeOfPageUrl,
  countText,
  exactCodeSearch,
  isMalformedCode,
  looksLikePastedBounce,
  prepareIndex,
  queryTerms,
  routeQuery,
  searchLocal,
  type Hit,
  type PreparedIndex,
} from '../lib/search';
import { encodeShare } from '../lib/share';
import { classify } from '../lib/codes';
import { resultBadges } from '../lib/verdicts';
import { withBase } from '../lib/urls';
import { el } from './dom';
import { attachCombobox } from './combobox';
import { loadPagefind, type PagefindHit } from './pagefind';
import { loadSearchIndex } from './search-index';

const base = import.meta.env.BASE_URL;
const pagefind = loadPagefind(base);
let indexFailed = false;
const index: Promise<PreparedIndex | undefined> = loadSearchIndex(base).then(
  (ix) => prepareIndex(ix, base),
  () => {
    indexFailed = true;
    return undefined;
  },
);

const noCodes = new Map<string, never>();

/** The words of a query Pagefind can use: codes, addresses and stop-words taken out. */
const fullTextWords = (words: string) =>
  words
    .split(/\s+/)
    .filter((w) => queryTerms(w).length > 0)
    .join(' ')
    .slice(0, 200);

/** Full-text results shown at first and added by "More results": each one costs a fragment request. */
const PAGE = 8;

const form = document.getElementById('search-form') as HTMLFormElement;
const input = document.getElementById('q') as HTMLInputElement;
const list = document.getElementById('results') as HTMLOListElement;
const status = document.getElementById('search-status') as HTMLElement;
const more = document.getElementById('more-results') as HTMLButtonElement;
const noMatch = document.getElementById('no-match') as HTMLElement;

/** The bounce type and what to do, labelled apart (a hard bounce is not "drop the address"). */
const badges = (h: Pick<Hit, 'bounceType' | 'verdict'>): HTMLElement[] =>
  resultBadges(h).map(([label, cls]) => el('span', label, { class: `badge ${cls}` }));

function item(url: string, title: string, tag: string | undefined, excerpt?: string | HTMLElement): HTMLLIElement {
  const li = el('li');
  li.dataset.url = url;
  li.append(el('a', title, { href: url }));
  if (tag) li.append(' ', el('span', tag, { class: 'badge info' }));
  if (typeof excerpt === 'string') li.append(el('p', excerpt, { class: 'excerpt' }));
  else if (excerpt) li.append(excerpt);
  return li;
}

function hitItem(h: Hit, tag: string): HTMLLIElement {
  const li = item(h.url, h.label, tag, h.text ?? h.summary);
  li.dataset.kind = h.kind;
  const b = badges(h);
  if (b.length) li.querySelector('a')!.after(...b.flatMap((x) => [' ', x]));
  return li;
}

let generation = 0;

/** Keep the query in the address (shareable), except a pasted bounce: `?q=` reaches access logs and Referers. */
function remember(q: string): void {
  const url = new URL(location.href);
  if (q && !looksLikePastedBounce(q)) url.searchParams.set('q', q);
  else url.searchParams.delete('q');
  if (url.href !== location.href) history.replaceState(null, '', url);
}

/** "No good match": offer the analyzer; the query travels there (in the fragment) only on a click. */
function offerAnalyzer(q: string): void {
  const button = el('button', 'Analyse this text as a bounce', { type: 'button' });
  button.addEventListener('click', () => {
    location.assign(withBase('analyze/', base) + (encodeShare(q) ?? encodeShare(q.slice(0, 2000))));
  });
  noMatch.replaceChildren(
    el('strong', `Nothing here matches “${q}” well.`),
    ' If it comes from a bounce, the analyzer reads the whole text (codes, provider, what to do). ',
    button,
  );
  noMatch.hidden = false;
}

/** Every keystroke searches at once; a newer query makes older work stop before it fetches anything. */
async function run(query: string): Promise<void> {
  const mine = ++generation;
  const q = query.trim();
  remember(q);
  more.hidden = true;
  noMatch.hidden = true;
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
  // Pagefind starts on the words read without the code list, while that list loads; the list
  // changes them only for a bare reply code that does not lead the query ("office 365").
  const early = fullTextWords(exactCodeSearch(q, noCodes).words);
  // Only the newest query searches once Pagefind is in (keystrokes typed while it loads are skipped).
  const earlySearch = early ? pagefind.then((pf) => (mine === generation ? pf?.search(early) : undefined)) : undefined;
  const ix = await index;
  if (mine !== generation) return;
  const local = ix ? searchLocal(q, ix, 12) : undefined;
  const items = (local?.codes ?? []).map((h) => hitItem(h, 'Exact code'));
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
  // Texts and pages together, best first: a quoted provider text can beat a page's keyword.
  const ranked = [...(local?.texts ?? []), ...(local?.pages ?? [])].sort((a, b) => b.score - a.score);
  for (const h of ranked) {
    if (items.some((li) => li.dataset.url === h.url)) continue;
    items.push(hitItem(h, h.kind === 'text' ? 'Provider text' : h.kind === 'provider' ? 'Provider' : 'Code'));
  }
  for (const code of local?.exact.undocumented ?? []) {
    const info = classify(code);
    const what = info ? `${info.class.label}${info.subject ? `, ${info.subject.title}` : ''}` : '';
    items.push(
      item(
        withBase(`codes/${code}/`, base),
        `${code} is not documented here: read what its digits mean`,
        undefined,
        what,
      ),
    );
  }
  list.replaceChildren(...items);
  const direct = items.length;
  const words = fullTextWords(local ? local.exact.words : q);
  if (!words) {
    status.textContent = countText(direct, direct, q);
    if (direct === 0) offerAnalyzer(q);
    return;
  }
  status.textContent = indexFailed ? 'The code list could not be loaded; searching the pages…' : 'Searching…';
  const pf = await pagefind;
  if (mine !== generation) return;
  if (!pf) {
    status.textContent =
      'Full-text search is unavailable (the index is built by npm run build). Exact codes still work.';
    return;
  }
  const result = await (words === early && earlySearch ? earlySearch : pf.search(words));
  if (mine !== generation) return;
  await show(result?.results ?? [], 0, q, words, direct, mine, ix);
}

/** Fetch and render hits[from, from + PAGE) in order, each as soon as it and those before it are in. */
async function show(
  hits: PagefindHit[],
  from: number,
  q: string,
  words: string,
  direct: number,
  mine: number,
  ix: PreparedIndex | undefined,
  left = 0,
): Promise<void> {
  const shown = new Set(Array.from(list.children, (li) => (li as HTMLElement).dataset.url?.replace(/#.*/, '')));
  const batch = hits.slice(from, from + PAGE).map((h) => h.data());
  let whole = 0;
  for (const pending of batch) {
    const d = await pending;
    if (mine !== generation) return;
    const excerpt = bestSentence(d.content ?? '', words);
    // Pagefind also returns pages that hold only some of the words (or a word's prefix): not a match.
    if (excerpt.matched < excerpt.terms) {
      left++;
      continue;
    }
    whole++;
    if (shown.has(d.url)) continue;
    shown.add(d.url);
    const p = el('p', undefined, { class: 'excerpt' });
    for (const part of excerpt.parts) p.append(part.mark ? el('mark', part.text) : part.text);
    const li = item(d.url, d.meta.title ?? d.url, undefined, p);
    const code = codeOfPageUrl(d.url, ix);
    if (code) li.querySelector('a')!.after(...badges(code).flatMap((x) => [' ', x]));
    li.dataset.kind = 'page'; // a full-text result (tests and bench/site.mjs wait for these)
    list.append(li);
  }
  const next = Math.min(from + PAGE, hits.length);
  const pages = countText(next - left, hits.length - left, q)
    .replace(' results', ' full-text results')
    .replace(' result ', ' full-text result ');
  const omitted = left > 0 ? ` (${left} that lack some of your words left out)` : '';
  status.textContent = `${direct > 0 ? `${direct} direct match${direct === 1 ? '' : 'es'}. ` : ''}${pages.replace(/\.$/, '')}${omitted}.`;
  if (direct === 0 && whole === 0 && list.children.length === 0) offerAnalyzer(q);
  more.hidden = hits.length <= next;
  more.onclick = () => {
    more.hidden = true;
    void show(hits, next, q, words, direct, mine, ix, left);
  };
}

attachCombobox(input, document.getElementById('q-list') as HTMLUListElement, {
  index,
  pagefind: () => pagefind,
  // Enter with nothing highlighted: a code typed alone opens its page, a pasted bounce the analyzer
  // (fragment only); words are already searched as they are typed.
  submit: (q) => {
    void index.then((ix) => {
      const to = routeQuery(q, base, ix);
      if (to.includes('/search/?')) void run(q);
      else location.assign(to);
    });
  },
});
input.addEventListener('input', () => void run(input.value));
form.addEventListener('submit', (e) => {
  e.preventDefault();
  void run(input.value);
});
input.value = new URLSearchParams(location.search).get('q') ?? '';
void run(input.value);
