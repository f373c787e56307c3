import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/lib/dataset';

// The IANA registry is the authority for enhanced codes: our titles and citations must agree.
const rows = readFileSync('tests/fixtures/reference/iana-enhanced-status-codes.tsv', 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const registry = new Map(rows.map(([code, summary, , , , , reference]) => [code.slice(2), { summary, reference }]));
const enhanced = loadDataset('data/codes').filter((c) => c.code.includes('.'));

describe('enhanced codes against the IANA registry', () => {
  it('reads the registry copy (81 entries, X.0.0 … X.7.30)', () => {
    expect(registry.size).toBe(81);
  });

  for (const rec of enhanced) {
    const entry = registry.get(rec.code.slice(2));
    it(`${rec.code} is registered, titled as the registry titles it, and cites its RFC`, () => {
      expect(entry, `${rec.code} is not in the registry`).toBeDefined();
      expect(rec.title).toBe(entry!.summary);
      const rfcs = [...entry!.reference.matchAll(/RFC ?(\d+)/g)].map((m) => Number(m[1]));
      const cited = rec.references.map((r) => r.rfc);
      if (rfcs.length > 0) expect(rfcs.some((n) => cited.includes(n)), `${rec.code} cites ${cited.join(', ')}, registry says ${entry!.reference}`).toBe(true);
      else expect(rec.references.some((r) => r.url?.includes(entry!.reference.split(' ')[0])), rec.code).toBe(true);
    });
  }
});
