// The site's Content-Security-Policy and security headers, written once: the build puts the
// policy in a <meta> on every page and writes the headers file for static hosts (_headers, read by
// Netlify and Cloudflare Pages); bin/serve.ts reads that same file. Pure: no file access here.
import { createHash } from 'node:crypto';

/** Origins the /check/ page's DNS-over-HTTPS lookups talk to (the only network use off our origin). */
export const DNS_OVER_HTTPS = ['https://cloudflare-dns.com', 'https://dns.google'];

export interface InlineCode {
  scripts: string[];
  styles: string[];
}

/**
 * The inline scripts and styles a page runs. JSON data blocks (`type="application/json"`) never
 * execute, so the policy need not (and must not) allow them; external scripts are covered by 'self'.
 */
export function inlineCode(html: string): InlineCode {
  const found: InlineCode = { scripts: [], styles: [] };
  for (const m of html.matchAll(/<(script|style)(\s[^>]*)?>([\s\S]*?)<\/\1\s*>/gi)) {
    const attrs = m[2] ?? '';
    if (m[1].toLowerCase() === 'style') found.styles.push(m[3]);
    else if (!/\ssrc\s*=/i.test(attrs) && !/\stype\s*=\s*"?application\/(?:ld\+)?json/i.test(attrs))
      found.scripts.push(m[3]);
  }
  return found;
}

/** A CSP hash source for an inline block, over its exact text (what the browser hashes). */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The policy for the whole site. Scripts and styles come from our origin or match a hash of the
 * inline blocks actually built; Pagefind compiles WebAssembly ('wasm-unsafe-eval', which allows no
 * eval of JavaScript). `frame-ancestors` only works as a header, so the <meta> copy leaves it out
 * (Chromium reports it as an error there).
 */
export function contentSecurityPolicy(hashes: { scripts: string[]; styles: string[] }, forMeta = false): string {
  const sorted = (list: string[]) => [...new Set(list)].sort();
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...sorted(hashes.scripts)],
    ['style-src', "'self'", ...sorted(hashes.styles)],
    ['img-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...DNS_OVER_HTTPS],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
  ];
  if (!forMeta) directives.push(['frame-ancestors', "'none'"]);
  return directives.map((d) => d.join(' ')).join('; ');
}

/** Sent with every response. Pages that hold pasted text also carry <meta name="referrer" content="no-referrer">. */
export function securityHeaders(policy: string): Record<string, string> {
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  };
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** HTML and every unhashed file: always revalidate (cheap with ETag), so a deploy shows at once. */
export const REVALIDATE = 'public, max-age=0, must-revalidate';

/**
 * Folders whose file names change with their content, so a year-long cache is safe: Astro's
 * bundles and Pagefind's index chunks and fragments. pagefind.js and pagefind-entry.json keep
 * fixed names and must stay short-lived.
 */
export const HASHED_DIRS = ['_astro/', 'pagefind/fragment/', 'pagefind/index/', 'pagefind/filter/'];

export interface HeaderRule {
  pattern: string;
  headers: Record<string, string>;
}

/** The rules for a site served under `base` ("/" or "/sub/"). */
export function headerRules(base: string, policy: string): HeaderRule[] {
  return [
    { pattern: `${base}*`, headers: securityHeaders(policy) },
    ...HASHED_DIRS.map((dir) => ({ pattern: `${base}${dir}*`, headers: { 'Cache-Control': IMMUTABLE } })),
  ];
}

/** The `_headers` file format of Netlify and Cloudflare Pages. */
export function headersFile(rules: HeaderRule[]): string {
  const lines = [
    '# Written by the build (src/integrations/security-headers.ts); read by Netlify, Cloudflare Pages and npm start.',
  ];
  for (const r of rules) {
    lines.push(r.pattern);
    for (const [name, value] of Object.entries(r.headers)) lines.push(`  ${name}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) rules.push({ pattern: line.trim(), headers: {} });
    else {
      const at = line.indexOf(':');
      if (at > 0 && rules.length) rules[rules.length - 1].headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return rules;
}

/** Headers of every rule whose pattern matches the path (`*` matches anything, as on those hosts). */
export function headersFor(rules: HeaderRule[], path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rules) {
    const re = new RegExp(`^${r.pattern.split('*').map(escapeRegExp).join('.*')}$`);
    if (re.test(path)) Object.assign(out, r.headers);
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The page with the policy as its first <meta> after the charset (a policy covers only what follows it). */
export function withPolicyMeta(html: string, policy: string): string {
  const charset = /<meta charset="?utf-8"?\s*\/?>/i.exec(html);
  if (!charset) throw new Error('no <meta charset="utf-8"> to put the Content-Security-Policy after');
  const at = charset.index + charset[0].length;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  return html.slice(0, at) + meta + html.slice(at);
}
