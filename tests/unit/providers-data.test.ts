import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders, variantsByPage } from '../../src/lib/providers';
import { createMatcher } from '../../src/lib/matcher';
import { parseCodeQuery } from '../../src/lib/codes';

const providers = loadProviders('data/providers');
const variants = providers.flatMap((p) => p.variants.map((v) => ({ ...v, provider: p.id })));

describe('provider data', () => {
  it('covers the providers and MTAs the reference documents', () => {
    const ids = providers.map((p) => p.id);
    for (const id of ['gmail', 'microsoft', 'yahoo', 'icloud', 'zoho', 'postfix', 'exim', 'sendmail'])
      expect(ids).toContain(id);
  });

  it('covers the spam filters and block lists senders meet, each block list with its lookup and delisting page', () => {
    const byId = new Map(providers.map((p) => [p.id, p]));
    for (const id of ['proofpoint', 'mimecast', 'barracuda', 'cisco-secure-email', 'trend-micro'])
      expect(byId.get(id)?.kind, id).toBe('filter');
    for (const id of ['spamhaus', 'spamcop', 'barracuda-brbl', 'uceprotect', 'cloudmark-csi'])
      expect(byId.get(id)?.kind, id).toBe('blocklist');
    for (const p of providers.filter((x) => x.kind === 'blocklist')) {
      expect(p.delisting, p.id).toMatch(/^https:\/\//);
      expect(p.postmaster, p.id).toMatch(/^https:\/\//);
    }
  });

  it('gives every variant a source and a verification date', () => {
    for (const v of variants) {
      expect(v.source.url ?? v.source.via, v.id).toBeTruthy();
      expect(v.verified, v.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("never lets one provider's text win another provider's example, unless it is the generic MTA text the reply is built on or the very same text", () => {
    const kindOf = new Map(providers.map((p) => [p.id, p.kind]));
    const domainsOf = new Map(providers.map((p) => [p.id, p.domains]));
    const matcher = createMatcher(
      variants.map((x) => ({ ...x, kind: kindOf.get(x.provider), domains: domainsOf.get(x.provider) })),
    );
    const byId = new Map(variants.map((x) => [x.id, x]));
    const stolen: string[] = [];
    for (const v of variants)
      for (const ex of v.examples) {
        const top = byId.get(matcher.rank(ex, parseCodeQuery(ex), 1)[0].variant.id)!;
        const sameText = top.pattern === v.pattern && (top.enhanced ?? top.reply) === (v.enhanced ?? v.reply);
        if (top.provider !== v.provider && kindOf.get(top.provider) !== 'mta' && !sameText)
          stolen.push(`${v.id}: "${ex}" is attributed to ${top.id}`);
      }
    expect(stolen).toEqual([]);
  });

  it('puts most variants on a documented code page', () => {
    const documented = new Set(loadDataset('data/codes').map((c) => c.code));
    const placed = [...variantsByPage(providers, documented).values()].flat().length;
    expect(placed / variants.length).toBeGreaterThan(0.7);
  });
});
