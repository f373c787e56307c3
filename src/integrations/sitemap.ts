// sitemap.xml and robots.txt, from the built pages themselves: every page that declares a
// canonical URL (and does not ask for noindex) is listed, so the sitemap cannot drift from the
// routes. A sitemap needs absolute URLs: without SITE_URL the canonical links are root-relative,
// so no sitemap.xml is written and robots.txt has no Sitemap line (the build says so).
import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalOf, isNoindex, robotsTxt, sitemapXml } from '../lib/discovery.ts';
import { withBase } from '../lib/urls.ts';

export default function sitemap(): AstroIntegration {
  let site: string | undefined;
  let base = '/';
  return {
    name: 'sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        site = config.site;
        base = config.base;
      },
      'astro:build:done': ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        if (!site) {
          writeFileSync(join(outDir, 'robots.txt'), robotsTxt());
          logger.warn('no SITE_URL: sitemap.xml not written (a sitemap needs absolute URLs)');
          return;
        }
        const urls: string[] = [];
        for (const f of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
          if (!f.endsWith('.html')) continue;
          const html = readFileSync(join(outDir, f), 'utf8');
          const canonical = canonicalOf(html);
          if (canonical && !isNoindex(html)) urls.push(canonical);
        }
        const sitemapUrl = new URL(withBase('sitemap.xml', base), site).href;
        writeFileSync(join(outDir, 'sitemap.xml'), sitemapXml(urls));
        writeFileSync(join(outDir, 'robots.txt'), robotsTxt(sitemapUrl));
        logger.info(`sitemap.xml: ${urls.length} pages`);
      },
    },
  };
}
