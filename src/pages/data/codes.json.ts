// /data/codes.json: the whole dataset in one file, with a format version and the build date.
import type { APIRoute } from 'astro';
import { getCodes, getProviders, getTools, getVariantsByPage } from '../../catalog';
import { toolLabels } from '../../lib/tools';
import { codeJson, DATA_FORMAT_VERSION } from '../../lib/open-data';
import { codeUrl } from '../../lib/urls';

export const GET: APIRoute = async () => {
  const base = import.meta.env.BASE_URL;
  const placed = await getVariantsByPage();
  const codes = (await getCodes()).map((c) => codeJson(c, placed.get(c.code) ?? [], toolLabels(c.code, getTools()), codeUrl(c.code, base)));
  const providers = (await getProviders()).map(({ variants, ...p }) => ({ ...p, variants: variants.map((v) => v.id) }));
  const body = { formatVersion: DATA_FORMAT_VERSION, built: new Date().toISOString(), count: codes.length, codes, providers };
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
};
