// /data/crosswalk.json: how sending services and bounce tools label each code, with our verdicts.
import type { APIRoute } from 'astro';
import { getCodes, getProviders, getTools, getVendors } from '../../catalog';
import { crosswalkRows, rowId } from '../../lib/crosswalk';
import { variantHome } from '../../lib/variants';
import { codeUrl, withBase } from '../../lib/urls';

export const GET: APIRoute = async () => {
  const base = import.meta.env.BASE_URL;
  const pages = await getCodes();
  const documented = new Set(pages.map((c) => c.code));
  const variants = new Map((await getProviders()).flatMap((p) => p.variants.map((v) => [v.id, { p, v }] as const)));
  const page = withBase('crosswalk/', base);
  const vendors = (await getVendors()).map((v) => ({
    id: v.id,
    name: v.name,
    kind: v.kind,
    field: v.field,
    about: v.about,
    source: v.source,
    otherSources: v.otherSources,
    verified: v.verified,
    labels: v.labels,
    texts: v.texts.map((t) => {
      const { p, v: variant } = variants.get(t.variant)!;
      const home = variantHome(variant, documented);
      return { ...t, url: home ? `${codeUrl(home, base)}#${t.variant}` : withBase(`providers/${p.id}/#${t.variant}`, base) };
    }),
  }));
  const codes = crosswalkRows(pages, await getVendors(), getTools()).map((r) => ({
    code: r.code,
    title: r.title,
    url: `${page}#${rowId(r.code)}`,
    verdict: r.verdict,
    labels: r.labels,
  }));
  const body = { formatVersion: 1, built: new Date().toISOString(), url: page, vendors, codes };
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
};
