import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders, variantsByPage } from '../../src/lib/providers';

const providers = loadProviders('data/providers');
const variants = providers.flatMap((p) => p.variants.map((v) => ({ ...v, provider: p.id })));

describe('provider data', () => {
  it('covers the providers and MTAs the reference documents', () => {
    const ids = providers.map((p) => p.id);
    for (const id of ['gmail', 'microsoft', 'yahoo', 'icloud', 'zoho', 'postfix', 'exim', 'sendmail'])
      expect(ids).toContain(id);
  });

  it('gives every variant a source and a verification date', () => {
    for (const v of variants) {
      expect(v.source.url ?? v.source.via, v.id).toBeTruthy();
      expect(v.verified, v.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('puts most variants on a documented code page', () => {
    const documented = new Set(loadDataset('data/codes').map((c) => c.code));
    const placed = [...variantsByPage(providers, documented).values()].flat().length;
    expect(placed / variants.length).toBeGreaterThan(0.7);
  });
});
