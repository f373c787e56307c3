// Fetches /data/search-index.json once per page (the browser caches it across pages).
import type { SearchIndex } from '../lib/search';
import { withBase } from '../lib/urls';

let loading: Promise<SearchIndex> | undefined;

export function loadSearchIndex(base: string): Promise<SearchIndex> {
  loading ??= fetch(withBase('data/search-index.json', base))
    .then((r) => {
      if (!r.ok) throw new Error(`search index: HTTP ${r.status}`);
      return r.json() as Promise<SearchIndex>;
    })
    .catch((e: unknown) => {
      loading = undefined; // let a later call try again
      throw e;
    });
  return loading;
}
