/**
 * Discovery: what search engines and link previews read. Pure builders for sitemap.xml,
 * robots.txt and the JSON-LD blocks; the build (src/integrations/sitemap.ts) and BaseLayout use them.
 *
 * URLs: sitemaps and the robots.txt Sitemap line must be absolute, so they are made only when the
 * build knows the site's address (SITE_URL). JSON-LD may hold root-relative URLs: JSON-LD resolves
 * them against the page's own address.
 */

export const SITE_NAME = 'Email Bounce Code Lookup';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

/** True for an absolute http(s) URL: the only kind a sitemap may list. */
export function isAbsoluteUrl(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

/**
 * A sitemap (sitemaps.org protocol 0.9) listing each URL once, sorted. Throws on a relative URL
 * or more than 50,000 URLs (the protocol's limit for one file), rather than writing an invalid file.
 */
export function sitemapXml(urls: Iterable<string>): string {
  const list = [...new Set(urls)].sort();
  const bad = list.find((u) => !isAbsoluteUrl(u));
  if (bad !== undefined) throw new Error(`sitemap: not an absolute http(s) URL: ${JSON.stringify(bad)}`);
  if (list.length > 50_000) throw new Error(`sitemap: ${list.length} URLs, over the protocol's 50,000 per file`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    list.map((u) => `  <url><loc>${xmlEscape(u)}</loc></url>\n`).join('') +
    '</urlset>\n'
  );
}

/** robots.txt: everything may be crawled; the Sitemap line only when its absolute URL is known. */
export function robotsTxt(sitemapUrl?: string): string {
  if (sitemapUrl !== undefined && !isAbsoluteUrl(sitemapUrl))
    throw new Error(`robots.txt: the Sitemap URL must be absolute: ${JSON.stringify(sitemapUrl)}`);
  return `User-agent: *\nAllow: /\n${sitemapUrl ? `\nSitemap: ${sitemapUrl}\n` : ''}`;
}

/** The canonical URL a built page declares, if any (Astro writes `<link rel="canonical" href="…">`). */
export function canonicalOf(html: string): string | undefined {
  const head = html.slice(0, html.search(/<\/head>|$/i));
  for (const m of head.matchAll(/<link\s[^<>]{0,500}>/gi)) {
    if (!/\srel=["']?canonical["'\s/>]/i.test(m[0])) continue;
    const href = /\shref=(?:"([^"]*)"|'([^']*)')/i.exec(m[0]);
    if (href) return (href[1] ?? href[2]).replace(/&amp;/g, '&');
  }
  return undefined;
}

/** A page asking search engines not to index it stays out of the sitemap. */
export function isNoindex(html: string): boolean {
  const head = html.slice(0, html.search(/<\/head>|$/i));
  return [...head.matchAll(/<meta\s[^<>]{0,500}>/gi)].some(
    (m) => /\sname=["']?robots["'\s]/i.test(m[0]) && /\scontent=["'][^"']*noindex/i.test(m[0]),
  );
}

export type JsonLd = Record<string, unknown>;

/**
 * JSON for a <script type="application/ld+json"> block. `<` is written as \u003c so no text
 * (a code's title, a provider's words) can close the script element early.
 */
export function jsonLdText(data: JsonLd | JsonLd[]): string {
  const body = Array.isArray(data)
    ? { '@context': 'https://schema.org', '@graph': data }
    : { '@context': 'https://schema.org', ...data };
  return JSON.stringify(body).replace(/</g, '\\u003c');
}

/** The whole code list as a set of defined terms; its page is the categories index. */
export function codeTermSet(url: string): JsonLd {
  return { '@type': 'DefinedTermSet', name: 'SMTP reply codes and enhanced status codes', url };
}

/** A code page: the code is a term defined by this page (name: the code; description: its summary). */
export function definedTerm(term: {
  code: string;
  title: string;
  summary: string;
  url: string;
  setUrl: string;
}): JsonLd {
  return {
    '@type': 'DefinedTerm',
    name: term.code,
    alternateName: term.title,
    termCode: term.code,
    description: term.summary,
    url: term.url,
    inDefinedTermSet: codeTermSet(term.setUrl),
  };
}

/** Breadcrumbs as shown on the page: the last one (the page itself) has no link. */
export function breadcrumbList(trail: { label: string; url?: string }[]): JsonLd {
  return {
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((c, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: c.label,
      ...(c.url !== undefined ? { item: c.url } : {}),
    })),
  };
}

/** The home page: the site, and its search page as a SearchAction (?q= is what /search/ reads). */
export function webSite(home: string, searchUrl: string): JsonLd {
  return {
    '@type': 'WebSite',
    name: SITE_NAME,
    url: home,
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${searchUrl}?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}
