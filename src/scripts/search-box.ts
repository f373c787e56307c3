// The header search box, loaded on its first focus (code pages ship no script before that):
// SearchForm.astro's inline loader imports this file, bundled whole, and it starts itself.
// It warms what the search page needs, so results follow Enter at once, and keeps pasted
// bounces out of `?q=`: they open the analyzer with the text in the URL fragment only.
import { exactCodeSearch, looksLikePastedBounce } from '../lib/search';
import { encodeShare } from '../lib/share';
import { withBase } from '../lib/urls';
import { loadPagefind } from './pagefind';
import { loadSearchIndex } from './search-index';

const base = import.meta.env.BASE_URL;
const noCodes = new Map<string, never>();

/** Where a submitted query goes: the analyzer (fragment only) for a pasted bounce, else the search page. */
export function destination(query: string): string {
  const q = query.trim();
  if (looksLikePastedBounce(q)) return withBase('analyze/', base) + (encodeShare(q) ?? encodeShare(q.slice(0, 2000)));
  return `${withBase('search/', base)}?q=${encodeURIComponent(q)}`;
}

const form = document.querySelector<HTMLFormElement>('form.search');
const input = form?.elements.namedItem('q');
if (form && input instanceof HTMLInputElement) {
  // Start loading the index (WebAssembly, metadata, code list), then the word chunks as the reader types.
  const pagefind = loadPagefind(base);
  loadSearchIndex(base).catch(() => undefined); // the search page reports a failure, not the box
  input.addEventListener('input', () => {
    const words = exactCodeSearch(input.value, noCodes).words.slice(0, 200);
    // A word's first letter or two can span several index chunks (25 KB each); from three on, one.
    if (/\S{3,}$/.test(words)) void pagefind.then((pf) => pf?.preload(words));
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.assign(destination(input.value));
  });
  form.dataset.box = 'ready'; // the loader stops holding submits back
}
