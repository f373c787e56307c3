// Content-Security-Policy for the built site, from the built HTML itself: after `astro build`
// it hashes every inline script and style that pages actually contain, puts the policy in a
// <meta> at the top of each page's <head>, and writes `_headers` (Netlify, Cloudflare Pages and
// `npm start` read it) with the same policy, the other security headers and cache lifetimes.
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
        const html = new Map(pages.map((p) => [p, readFileSync(p, 'utf8')]));
        for (const text of html.values()) {
          const code = inlineCode(text);
          for (const s of code.scripts) scripts.add(cspHash(s));
          for (const s of code.styles) styles.add(cspHash(s));
        }
        const hashes = { scripts: [...scripts], styles: [...styles] };
        const meta = contentSecurityPolicy(hashes, true);
        for (const [page, text] of html) writeFileSync(page, withPolicyMeta(text, meta));
        writeFileSync(join(outDir, '_headers'), headersFile(headerRules(base, contentSecurityPolicy(hashes))));
        logger.info(
          `policy on ${pages.length} pages: ${scripts.size} inline script and ${styles.size} inline style hash(es)`,
        );
      },
    },
  };
}
