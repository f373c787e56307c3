// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import pagefindIndex from './src/integrations/pagefind-index.mjs';
import securityHeaders from './src/integrations/security-headers.ts';
import sitemap from './src/integrations/sitemap.ts';

// SITE_URL (https://example.org) makes canonical links absolute and lets the build write sitemap.xml; BASE_PATH (/docs/bounces)
// serves the site under a sub-path. Both are optional.
export default defineConfig({
  site: process.env.SITE_URL || undefined,
  base: process.env.BASE_PATH || '/',
  outDir: process.env.OUT_DIR || 'dist',
  trailingSlash: 'ignore',
  // Inline the small stylesheet: a code page is then one request, within the first TCP window.
  build: { inlineStylesheets: 'always' },
  // Security headers first: Pagefind then indexes the final pages.
  integrations: [mdx(), securityHeaders(), sitemap(), pagefindIndex()],
  // The header search box's module is bundled whole, as an ES module (see SearchForm.astro), so the
  // inline loader names one file and code pages load no script before the box is focused.
  vite: { worker: { format: 'es' } },
  devToolbar: { enabled: false },
});
