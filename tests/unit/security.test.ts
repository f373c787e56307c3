import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  contentSecurityPolicy,
  cspHash,
  headerRules,
  headersFile,
  headersFor,
  inlineCode,
  parseHeadersFile,
  withPolicyMeta,
} from '../../src/lib/security.ts';

describe('inlineCode', () => {
  it('finds inline scripts and styles, not external scripts or JSON data', () => {
    const html = `<head><style>a{b:c}</style></head><body>
      <script type="application/json" id="data">{"a":1}</script>
      <script type="module" src="/_astro/x.js"></script>
      <script>let x = 1;</script><SCRIPT type="module">go()</SCRIPT></body>`;
    expect(inlineCode(html)).toEqual({ scripts: ['let x = 1;', 'go()'], styles: ['a{b:c}'] });
  });
});

describe('cspHash', () => {
  it('is the base64 SHA-256 of the exact UTF-8 text', () => {
    const text = 'é = "/";\n';
    expect(cspHash(text)).toBe(`'sha256-${createHash('sha256').update(Buffer.from(text, 'utf8')).digest('base64')}'`);
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
  });
});

describe('contentSecurityPolicy', () => {
  const hashes = { scripts: ["'sha256-b'", "'sha256-a'", "'sha256-a'"], styles: ["'sha256-c'"] };
  it('allows only our origin and the given hashes, plus WebAssembly for Pagefind', () => {
    const policy = contentSecurityPolicy(hashes);
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-a' 'sha256-b';");
    expect(policy).toContain("style-src 'self' 'sha256-c';");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
  });
  it('leaves frame-ancestors out of the <meta> copy, where browsers ignore it', () => {
    expect(contentSecurityPolicy(hashes, true)).not.toContain('frame-ancestors');
  });
});

describe('headers file', () => {
  const rules = headerRules('/sub/', "default-src 'self'");
  const text = headersFile(rules);

  it('round-trips through the _headers format', () => {
    expect(parseHeadersFile(text)).toEqual(rules);
    expect(text).toMatch(/^\/sub\/\*\n {2}Content-Security-Policy: default-src 'self'\n/m);
  });

  it('gives every path the security headers and hashed folders a year of cache', () => {
    expect(headersFor(rules, '/sub/codes/550/')).toEqual({
      'Content-Security-Policy': "default-src 'self'",
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
    expect(headersFor(rules, '/sub/_astro/a.1.js')['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(headersFor(rules, '/sub/pagefind/fragment/en_1.pf_fragment')['Cache-Control']).toContain('immutable');
    expect(headersFor(rules, '/sub/pagefind/pagefind.js')['Cache-Control']).toBeUndefined();
    expect(headersFor(rules, '/other/')).toEqual({});
  });
});

describe('withPolicyMeta', () => {
  it('puts the policy right after the charset, before any script or style', () => {
    const out = withPolicyMeta('<head><meta charset="utf-8"><style>a{}</style></head>', "default-src 'self'");
    expect(out).toBe(
      `<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><style>a{}</style></head>`,
    );
  });
  it('fails loudly on a page without a charset meta', () => {
    expect(() => withPolicyMeta('<head></head>', 'x')).toThrow(/charset/);
  });
});
