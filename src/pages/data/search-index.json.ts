// /data/search-index.json: codes and provider texts for the search and 404 pages, fetched when
// needed and cached, instead of embedded in pages that would then grow with the dataset.
import type { APIRoute } from 'astro';
import { getCodes, getProviders } from '../../catalog';
import { buildSearchIndex } from '../../lib/search';

export const GET: APIRoute = async () => {
  const index = buildSearchIndex(await getCodes(), await getProviders());
  return new Response(JSON.stringify(index), { headers: { 'content-type': 'application/json' } });
};
