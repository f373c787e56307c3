// /codes/<code>.json beside each page: the same facts as data.
import type { APIRoute } from 'astro';
import { getCodes, getTools, getVariantsByPage } from '../../catalog';
import { toolLabels } from '../../lib/tools';
import type { CodePage } from '../../lib/dataset';
import { codeJson } from '../../lib/open-data';
import { codeUrl } from '../../lib/urls';

export async function getStaticPaths() {
  return (await getCodes()).map((entry) => ({ params: { code: entry.code }, props: { entry } }));
}

export const GET: APIRoute = async ({ props }) => {
  const entry = (props as { entry: CodePage }).entry;
  const variants = (await getVariantsByPage()).get(entry.code) ?? [];
  return new Response(
    JSON.stringify(
      codeJson(entry, variants, toolLabels(entry.code, getTools()), codeUrl(entry.code, import.meta.env.BASE_URL)),
    ),
    { headers: { 'content-type': 'application/json' } },
  );
};
