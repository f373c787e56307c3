// Loads Pagefind once per page, for the header search box (on first focus) and the search page.
import { withBase } from '../lib/urls';

export interface PagefindResult {
  url: string;
  excerpt: string;
  /** The page's whole indexed text. */
  content?: string;
  meta: { title?: string };
}
export interface PagefindHit {
  id: string;
  data(): Promise<PagefindResult>;
}
export interface Pagefind {
  options(o: object): Promise<void>;
  init(): Promise<void>;
  preload(q: string): Promise<void>;
  search(q: string): Promise<{ results: PagefindHit[] } | null>;
}

let loading: Promise<Pagefind | null> | undefined;

/** Resolves once the WebAssembly and the index metadata are in; null when there is no index (dev). */
export function loadPagefind(base: string): Promise<Pagefind | null> {
  loading ??= import(/* @vite-ignore */ withBase('pagefind/pagefind.js', base))
    .then(async (pf: Pagefind) => {
      await pf.options({
        // On the main thread: a worker costs one more script (12 KB) and its start-up, and a search
        // over this index takes a few milliseconds.
        noWorker: true,
        baseUrl: base,
        // Short pages about one code should beat long pages that mention a word in passing.
        ranking: { termFrequency: 0.6, pageLength: 0.4, termSaturation: 1.2, metaWeights: { title: 5, keywords: 4 } },
      });
      await pf.init();
      return pf;
    })
    .catch(() => null);
  return loading;
}
