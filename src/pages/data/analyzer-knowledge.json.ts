// /data/analyzer-knowledge.json: what the /analyze/ page knows (code titles and verdicts, provider
// texts, reason phrases), in one file fetched when the reader starts to analyse, so the page itself stays the same
// size however many codes and provider texts the dataset holds, and browsers cache it between visits.
import type { APIRoute } from 'astro';
import { getCodes, getProviders } from '../../catalog';
import { buildKnowledge } from '../../lib/analyzer';
import { loadReasons } from '../../lib/reasons';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(buildKnowledge(await getCodes(), await getProviders(), loadReasons())), {
    headers: { 'content-type': 'application/json' },
  });
