// /data/crosswalk.json: how sending services and bounce tools label each code, with our verdicts.
import type { APIRoute } from 'astro';
import { getCodes, getTools, getVariantById, getVendors } from '../../catalog';
import { crosswalkRows, hasPageRow, rowId } from '../../lib/crosswalk';
import { variantUrl } from '../../lib/variants';
import { withBase } from '../../lib/urls';

export const GET: APIRoute = async () => {
  const base = import.meta.env.BASE_URL;
  const pages = await getCodes();
  const documented = new Set(pages.map((c) => c.code));
  const variants = await getVariantById();
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
      const { provider, variant } = variants.get(t.variant)!;
      return { ...t, url: variantUrl(variant, provider.id, documented, base) };
    }),
  }));
  const vendorList = await getVendors();
  const codes = crosswalkRows(pages, vendorList, getTools()).map((r) => ({
    code: r.code,
    title: r.title,
    // A row's own anchor when the page has a row for it, else the page (see hasPageRow).
    url: hasPageRow(r, vendorList) ? `${page}#${rowId(r.code)}` : page,
    verdict: r.verdict,
    labels: r.labels,
  }));
  const body = { formatVersion: 1, built: new Date().toISOString(), url: page, vendors, codes };
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
};
