// Content-Security-Policy for the built site, from the built HTML itself: after `astro build`
// it hashes every inline script and style that pages actually contain, puts a policy naming each
// page's own hashes in a <meta> at the top of its <head>, and writes `_headers` (Netlify, Cloudflare
// Pages and `npm start` read it) with the site-wide policy (every page's hashes), the other security
// headers and cache lifetimes.
import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  contentSecurityPolicy,
  cspHash,
  headerRules,
  headersFile,
  inlineCode,
  withPolicyMeta,
} from '../lib/security.ts';

export default function securityHeaders(): AstroIntegration {
  let base = '/';
  return {
    name: 'security-headers',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const pages = readdirSync(outDir, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.html'))
          .map((f) => join(outDir, f));
        const scripts = new Set<string>();
        const styles = new Set<string>();
        for (const page of pages) {
          const text = readFileSync(page, 'utf8');
          const code = inlineCode(text);
          const own = { scripts: code.scripts.map(cspHash), styles: code.styles.map(cspHash) };
          for (const h of own.scripts) scripts.add(h);
          for (const h of own.styles) styles.add(h);
          // The <meta> names only this page's own inline code: every hash is ~50 incompressible
          // bytes, and a code page must stay within 14 KB. The header below allows the union, and a
          // browser enforces both, so each page ends up with exactly its own.
          writeFileSync(page, withPolicyMeta(text, contentSecurityPolicy(own, true)));
        }
        const hashes = { scripts: [...scripts], styles: [...styles] };
        writeFileSync(join(outDir, '_headers'), headersFile(headerRules(base, contentSecurityPolicy(hashes))));
        logger.info(
          `policy on ${pages.length} pages: ${scripts.size} inline script and ${styles.size} inline style hash(es)`,
        );
      },
    },
  };
}
