import { describe, expect, it } from 'vitest';
import {
  breadcrumbList,
  canonicalOf,
  definedTerm,
  isAbsoluteUrl,
  isNoindex,
  jsonLdText,
  robotsTxt,
  sitemapXml,
  webSite,
} from '../../src/lib/discovery';

describe('sitemapXml', () => {
  it('lists each absolute URL once, sorted, escaped', () => {
    const xml = sitemapXml(['https://x.example/b/', 'https://x.example/a/?q=1&r=2', 'https://x.example/b/']);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        '  <url><loc>https://x.example/a/?q=1&amp;r=2</loc></url>\n' +
        '  <url><loc>https://x.example/b/</loc></url>\n' +
        '</urlset>\n',
    );
  });
  it('refuses a relative URL or too many URLs rather than write an invalid file', () => {
    expect(() => sitemapXml(['/codes/550/'])).toThrow(/absolute/);
    expect(() => sitemapXml(['javascript:alert(1)'])).toThrow(/absolute/);
    expect(() => sitemapXml(Array.from({ length: 50_001 }, (_, i) => `https://x.example/${i}`))).toThrow(/50,000/);
  });
});

describe('robotsTxt', () => {
  it('allows everything and names the sitemap only when it is absolute', () => {
    expect(robotsTxt()).toBe('User-agent: *\nAllow: /\n');
    expect(robotsTxt('https://x.example/sub/sitemap.xml')).toBe(
      'User-agent: *\nAllow: /\n\nSitemap: https://x.example/sub/sitemap.xml\n',
    );
    expect(() => robotsTxt('/sitemap.xml')).toThrow(/absolute/);
  });
});

describe('reading built pages', () => {
  const page = (head: string) =>
    `<!doctype html><html><head>${head}</head><body><link rel="canonical" href="/body/"></body></html>`;
  it('finds the canonical link in the head only', () => {
    expect(
      canonicalOf(page('<meta charset="utf-8"><link rel="canonical" href="https://x.example/a/?b=1&amp;c=2">')),
    ).toBe('https://x.example/a/?b=1&c=2');
    expect(canonicalOf(page("<link href='/x/' rel=canonical>"))).toBe('/x/');
    expect(canonicalOf(page('<link rel="icon" href="/favicon.svg">'))).toBeUndefined();
    expect(canonicalOf(page('<link rel="canonicalish" href="/no/">'))).toBeUndefined();
  });
  it('sees a robots noindex', () => {
    expect(isNoindex(page('<meta name="robots" content="noindex, follow">'))).toBe(true);
    expect(isNoindex(page('<meta name="description" content="noindex">'))).toBe(false);
  });
  it('is an absolute http(s) URL check', () => {
    expect(isAbsoluteUrl('https://x.example/')).toBe(true);
    expect(isAbsoluteUrl('ftp://x.example/')).toBe(false);
    expect(isAbsoluteUrl('/x/')).toBe(false);
  });
});

describe('JSON-LD', () => {
  it('cannot close its script element, whatever the text', () => {
    const text = jsonLdText(
      definedTerm({
        code: '5.1.1',
        title: '</script><script>alert(1)</script>',
        summary: 's',
        url: '/c/',
        setUrl: '/s/',
      }),
    );
    expect(text).not.toMatch(/</);
    expect(JSON.parse(text).alternateName).toBe('</script><script>alert(1)</script>');
  });
  it('describes a code page as a DefinedTerm in the code set', () => {
    const d = JSON.parse(
      jsonLdText(
        definedTerm({
          code: '550',
          title: 'T',
          summary: 'S',
          url: 'https://x.example/codes/550/',
          setUrl: '/categories/',
        }),
      ),
    );
    expect(d).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'DefinedTerm',
      name: '550',
      termCode: '550',
      description: 'S',
      url: 'https://x.example/codes/550/',
      inDefinedTermSet: { '@type': 'DefinedTermSet', url: '/categories/' },
    });
  });
  it('numbers breadcrumbs from 1 and leaves the current page unlinked', () => {
    expect(breadcrumbList([{ label: 'Home', url: '/' }, { label: '550' }])).toEqual({
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: 'Home', item: '/' },
        { '@type': 'ListItem', position: 2, name: '550' },
      ],
    });
  });
  it('gives the home page a SearchAction on /search/?q=', () => {
    const w = webSite('https://x.example/', 'https://x.example/search/') as {
      potentialAction: Record<string, unknown>;
    };
    expect(w.potentialAction).toEqual({
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: 'https://x.example/search/?q={search_term_string}' },
      'query-input': 'required name=search_term_string',
    });
  });
  it('wraps a list in one @graph', () => {
    const g = JSON.parse(jsonLdText([breadcrumbList([]), webSite('/', '/search/')]));
    expect(g['@graph'].map((x: { '@type': string }) => x['@type'])).toEqual(['BreadcrumbList', 'WebSite']);
  });
});
