import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/lib/dataset';

// Every entry of the IANA registry and every RFC-defined reply code has its record, titled and
// cited as the registry/RFC has it. The tables are copies of shared/reference (see its README).
const tsv = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'));
const pages = loadDataset('data/codes');
const records = new Map<string, (typeof pages)[number]>();
for (const p of pages) if (!records.has(p.recordCode)) records.set(p.recordCode, p);

describe('IANA SMTP Enhanced Status Codes registry', () => {
  const registry = tsv('tests/fixtures/reference/iana-enhanced-status-codes.tsv');
  it('has all 81 entries in the copy', () => expect(registry).toHaveLength(81));
  for (const [code, summary, , , , , reference] of registry) {
    it(`${code} ${summary}`, () => {
      const rec = records.get(code);
      expect(rec, `no record for ${code}`).toBeDefined();
      // The registry leaves the deprecated X.6.10 untitled; our copy marks that with "(…)".
      if (summary.startsWith('(')) expect(rec!.title).toMatch(/deprecated/i);
      else expect(rec!.title).toBe(summary);
      const rfcs = [...reference.matchAll(/RFC ?(\d+)/g)].map((m) => Number(m[1]));
      const cited = rec!.references.map((r) => r.rfc);
      if (rfcs.length)
        expect(
          rfcs.some((n) => cited.includes(n)),
          `${code} cites ${cited.join(', ')}; registry: ${reference}`,
        ).toBe(true);
      else
        expect(
          rec!.references.some((r) => r.url?.includes(reference.split(' ')[0])),
          code,
        ).toBe(true);
    });
  }
});

describe('3-digit reply codes', () => {
  const table = tsv('tests/fixtures/reference/smtp-reply-codes.tsv');
  for (const [code, , definedBy, status] of table) {
    // 101 and 111 are client-side error numbers, not replies a server sends: no page by design.
    if (code.startsWith('1')) continue;
    it(`${code} (${status})`, () => {
      const rec = records.get(code);
      expect(rec, `no record for ${code}`).toBeDefined();
      const rfcs = [...definedBy.matchAll(/RFC ?(\d+)/g)].map((m) => Number(m[1]));
      if (status.startsWith('standard') || status === 'experimental') {
        expect(rec!.nonStandard, `${code} is defined by ${definedBy}`).toBeUndefined();
        expect(
          rfcs.some((n) => rec!.references.some((r) => r.rfc === n)),
          `${code} must cite ${definedBy}`,
        ).toBe(true);
      } else {
        expect(rec!.nonStandard, `${code} is ${status}: say where it comes from`).toBeDefined();
      }
    });
  }
});

describe('what to do, per page', () => {
  it('every page has a verdict and the stages where it is seen', () => {
    const missing = pages.filter((p) => !p.verdict || !p.stage).map((p) => p.code);
    expect(missing).toEqual([]);
  });
});
