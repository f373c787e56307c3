// The header search box and the home page's big input, loaded on a box's first focus (code pages
// ship no script before that): SearchForm.astro's inline loader imports this file, bundled whole,
// and it starts itself. It turns every `form[data-suggest]` into a combobox with suggestions,
// loads the code index the search page uses too, and keeps pasted bounces out of `?q=`: they open
// the analyzer with the text in the URL fragment only.
import { prepareIndex, routeQuery, type PreparedIndex } from '../lib/search';
import { attachCombobox } from './combobox';
import { loadPagefind } from './pagefind';
import { loadSearchIndex } from './search-index';
import suggestCss from '../styles/search-suggest.css?url';

const base = import.meta.env.BASE_URL;

/** The index, if it arrives within `ms`: a submit waits that long at most, then goes to the search page. */
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);

// The list's styles come with this script, so they weigh nothing on a page until the box is used.
if (!document.querySelector(`link[href="${suggestCss}"]`))
  document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: suggestCss }));

// The index answers most queries on its own; Pagefind starts only when a query needs full text.
const index: Promise<PreparedIndex | undefined> = loadSearchIndex(base).then(
  (ix) => prepareIndex(ix, base),
  () => undefined, // suggestions stay empty; Enter still searches
);

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-suggest]')) {
  const input = form.querySelector<HTMLInputElement>('input[name=q]');
  const list = form.querySelector<HTMLUListElement>('ul[data-suggestions]');
  if (!input || !list) continue;
  const go = async (query: string) => {
    if (!query.trim()) return input.focus();
    location.assign(routeQuery(query, base, await within(index, 1500)));
  };
  attachCombobox(input, list, { index, pagefind: () => loadPagefind(base), submit: (q) => void go(q) });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void go(input.value);
  });
  form.dataset.box = 'ready'; // the loader stops holding submits back
}
