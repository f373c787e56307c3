// Ranking over the real dataset: the top result for queries people actually type (issue 10).
// The end-to-end twin (tests/e2e/search.spec.ts) checks the same list on the built site.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { compareCodes } from '../../src/lib/codes';
import { TOP_RESULTS } from '../fixtures/top-results';
import { HELD_OUT } from '../fixtures/search-heldout';
import { buildSearchIndex, prepareIndex, searchLocal, type Hit } from '../../src/lib/search';

const codes = loadDataset('data/codes').sort((a, b) => compareCodes(a.code, b.code));
const providers = loadProviders('data/providers').sort((a, b) => a.name.localeCompare(b.name));
const index = prepareIndex(buildSearchIndex(codes, providers), '/');

/** The search page's order: exact codes, then texts and pages by score. */
function top(query: string): Hit[] {
  const r = searchLocal(query, index);
  return [...r.codes, ...[...r.texts, ...r.pages].sort((a, b) => b.score - a.score)];
}

describe('top result for real queries', () => {
  for (const [query, want] of TOP_RESULTS)
    it(query, () => {
      const hits = top(query);
      expect(
        hits[0]?.url ?? '(none)',
        hits
          .slice(0, 5)
          .map((h) => h.url)
          .join(', '),
      ).toMatch(want);
    });

  it('an unknown token finds nothing rather than something unrelated', () => {
    expect(top('AS(201806281)')).toEqual([]);
  });
  it('"office 365" is not read as the reply code 365', () => {
    const r = searchLocal('office 365 5.7.708', index);
    expect(r.exact.found).toEqual(['5.7.708']);
    expect(r.exact.undocumented).toEqual(['5.7.708']);
    expect(r.exact.words).toBe('office 365');
  });
  it('a pasted Postfix line finds its exact text first', () => {
    const r = searchLocal(
      'smtp; 550 5.1.1 <a@b.example>: Recipient address rejected: User unknown in local recipient table',
      index,
    );
    expect(r.texts[0]?.url).toBe('/codes/5.1.1/#postfix-550-5-1-1-unknown-local-recipient');
  });
  it('REQUIRETLS is not the first answer to "tls required"', () => {
    expect(top('tls required')[0].url).not.toMatch(/7\.30/);
  });
});

describe('queries kept apart from tuning', () => {
  const BASELINE = 'tests/fixtures/search-heldout-baseline.json';
  // UPDATE_BASELINE=1 rewrites the committed per-query baseline after an improvement.
  it('gets right every held-out query it got right in the committed baseline', () => {
    const now = Object.fromEntries(HELD_OUT.map(([q, want]) => [q, want.test(top(q)[0]?.url ?? '')]));
    const right = Object.values(now).filter(Boolean).length;
    console.log(`search held-out: first result right for ${right}/${HELD_OUT.length}`);
    if (process.env.UPDATE_BASELINE) writeFileSync(BASELINE, `${JSON.stringify(now, null, 1)}\n`);
    const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, boolean>;
    expect(Object.keys(baseline).filter((q) => baseline[q] && !now[q])).toEqual([]);
  });
});
