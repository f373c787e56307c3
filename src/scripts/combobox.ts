// The search box's suggestions: an ARIA 1.2 combobox (an input that controls a listbox), shared by
// the header box, the home page's big input and the search page. Suggestions come from the index
// (/data/search-index.json): exact codes, then provider texts, then pages, and then Pagefind's
// pages for the words, only when the index has too few (Pagefind's script, WebAssembly and word
// chunks cost about 140 KB, so the box starts them only for a query that needs them). Arrows move
// through them, Enter opens the highlighted one, Escape closes.
// Focus stays in the input throughout; the highlighted option is named by aria-activedescendant.
import { bestSentence, codeOfPageUrl, searchLocal, type Hit, type PreparedIndex } from '../lib/search';
import { resultBadges } from '../lib/verdicts';
import { el } from './dom';
import type { Pagefind } from './pagefind';

export interface ComboboxOptions {
  index: Promise<PreparedIndex | undefined>;
  /** Starts Pagefind (once) and resolves when it can search. */
  pagefind(): Promise<Pagefind | null>;
  /** Enter with no option highlighted. */
  submit(query: string): void;
}

interface Option {
  url: string;
  kind: 'code' | 'text' | 'page';
  /** Found by Pagefind's full-text search, not by the index. */
  fullText?: boolean;
  label: string;
  detail?: string;
  badges: [string, string][];
}

const MAX = { code: 5, text: 3, page: 5 };

const fromHit = (h: Hit, kind: Option['kind']): Option => ({
  url: h.url,
  kind,
  label: h.label,
  detail: h.text,
  badges: resultBadges(h),
});

let counter = 0;

export function attachCombobox(input: HTMLInputElement, list: HTMLUListElement, opts: ComboboxOptions): void {
  const prefix = `${list.id || `suggest-${++counter}`}-opt`;
  let options: Option[] = [];
  let active = -1;
  let generation = 0;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');
  // Roles are set here, not in the markup: without this script the list never shows.
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Suggestions');

  const open = () => options.length > 0 && input.getAttribute('aria-expanded') === 'true';

  // How many suggestions there are, said politely once typing pauses (a screen reader would
  // otherwise hear nothing until the reader arrows into the list).
  const status = el('span', '', { role: 'status', class: 'skip' });
  list.after(status);
  let announce: ReturnType<typeof setTimeout> | undefined;
  function sayCount(): void {
    clearTimeout(announce);
    announce = setTimeout(() => {
      const n = options.length;
      const q = input.value.trim();
      status.textContent =
        !q || document.activeElement !== input ? '' : n ? `${n} suggestion${n === 1 ? '' : 's'}` : 'No suggestions';
    }, 700);
  }

  function close(): void {
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    list.hidden = true;
    active = -1;
  }

  function highlight(i: number): void {
    active = i;
    Array.from(list.children).forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i < 0) input.removeAttribute('aria-activedescendant');
    else {
      input.setAttribute('aria-activedescendant', `${prefix}-${i}`);
      list.children[i]?.scrollIntoView({ block: 'nearest' });
    }
  }

  function render(): void {
    const kinds = { code: 'Code', text: 'Provider text', page: 'Page' };
    list.replaceChildren(
      ...options.map((o, i) => {
        const li = el('li', undefined, {
          id: `${prefix}-${i}`,
          role: 'option',
          'aria-selected': 'false',
          'data-url': o.url,
          'data-kind': o.kind,
        });
        li.append(el('span', kinds[o.kind], { class: 'kind' }), ' ', el('span', o.label, { class: 'label' }));
        if (o.fullText) li.dataset.fullText = '';
        if (o.detail) li.append(' ', el('span', o.detail, { class: 'detail' }));
        for (const [text, cls] of o.badges) li.append(' ', el('span', text, { class: `badge ${cls}` }));
        return li;
      }),
    );
    const show = options.length > 0 && document.activeElement === input;
    list.hidden = !show;
    input.setAttribute('aria-expanded', String(show));
    highlight(-1);
    sayCount();
  }

  async function update(): Promise<void> {
    const mine = ++generation;
    const q = input.value.trim();
    if (!q) {
      options = [];
      return render();
    }
    const index = await opts.index;
    if (mine !== generation) return;
    const local = index ? searchLocal(q, index, 10, true) : undefined;
    const codes = (local?.codes ?? []).slice(0, MAX.code).map((h) => fromHit(h, 'code'));
    const texts = (local?.texts ?? []).slice(0, MAX.text).map((h) => fromHit(h, 'text'));
    const pages = (local?.pages ?? []).slice(0, MAX.page).map((h) => fromHit(h, h.kind === 'code' ? 'code' : 'page'));
    options = [...codes, ...texts, ...pages];
    render();
    // Full-text pages for the words, when the index has few: one fragment request per page shown.
    const words = local ? local.exact.words : q;
    if (pages.length >= MAX.page || !/[\p{L}]{3,}/u.test(words) || (local?.exact.found.length ?? 0) > 0) return;
    if (document.activeElement !== input) return; // typed by a script (the search page's own query)
    // A word's first letter or two spans several of Pagefind's 27 KB word chunks and matches
    // everything; from the third letter on it needs one.
    if (/(?:^|\s)\p{L}{1,2}$/u.test(words)) return;
    const pf = await opts.pagefind();
    const found = pf ? await pf.search(words.slice(0, 200)) : null;
    if (mine !== generation || !found) return;
    const seen = new Set(options.map((o) => o.url.replace(/#.*/, '')));
    const room = MAX.page - pages.length;
    // One fragment per free row, fetched together; a page skipped costs one more. Each page
    // is shown as soon as it and those before it are in.
    const pending = found.results.slice(0, room).map((hit) => hit.data());
    let added = 0;
    for (let i = 0; i < pending.length && added < room; i++) {
      const d = await pending[i];
      if (mine !== generation) return;
      // Pagefind also returns pages that hold only some of the words: not a match (as on /search/).
      const partial = bestSentence(d.content ?? '', words);
      if (seen.has(d.url) || partial.matched < partial.terms) {
        const spare = found.results[pending.length];
        if (spare) pending.push(spare.data());
        continue;
      }
      seen.add(d.url);
      added++;
      const was = active;
      const code = codeOfPageUrl(d.url, index);
      const badges = code ? resultBadges(code) : [];
      options = [...options, { url: d.url, kind: 'page', fullText: true, label: d.meta.title ?? d.url, badges }];
      render();
      if (was >= 0) highlight(was);
    }
  }

  input.addEventListener('input', () => void update());
  input.addEventListener('focus', () => {
    if (options.length && input.value.trim()) render();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!options.length) return;
      e.preventDefault();
      if (!open()) {
        render();
        highlight(e.key === 'ArrowDown' ? 0 : options.length - 1);
        return;
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      // Past either end the highlight returns to the input (-1), as the APG example does.
      let next = active + step;
      if (next >= options.length) next = -1;
      if (next < -1) next = options.length - 1;
      highlight(next);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open() && active >= 0) location.assign(options[active].url);
      else opts.submit(input.value);
    } else if (e.key === 'Escape') {
      if (open()) {
        e.preventDefault();
        close();
      }
    } else if (e.key === 'Tab') close();
  });
  // A click picks an option; mousedown is stopped so the input keeps focus until then.
  list.addEventListener('mousedown', (e) => e.preventDefault());
  list.addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest('li[role=option]');
    const url = li?.getAttribute('data-url');
    if (url) location.assign(url);
  });
  input.addEventListener('blur', () => close());
  close();
  if (input.value.trim() && document.activeElement === input) void update();
}
