import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/lib/dataset';
import { classify } from '../../src/lib/codes';
import { SEED_CODES, SEED_MISTITLED, SEED_NON_STANDARD } from '../fixtures/seed-codes';

const codes = loadDataset('data/codes');
const byCode = new Map(codes.map((c) => [c.code, c]));

describe('the shipped dataset', () => {
  it('documents every seed code', () => {
    const missing = Object.keys(SEED_CODES).filter((c) => !byCode.has(c));
    expect(missing).toEqual([]);
    expect(Object.keys(SEED_CODES)).toHaveLength(59);
  });

  it('keeps the seed bounce types (overrides are explained by the schema)', () => {
    for (const [code, type] of Object.entries(SEED_CODES)) expect(byCode.get(code)?.bounceType, code).toBe(type);
  });

  it('has unique codes and related links that resolve', () => {
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
    for (const c of codes)
      for (const r of [...c.related, ...c.otherClasses]) expect(byCode.has(r), `${c.code} → ${r}`).toBe(true);
  });

  it('marks every seed title the registry contradicts', () => {
    for (const code of SEED_MISTITLED) expect(byCode.get(code)?.mistakenFor, code).toBeDefined();
  });

  it('says where each non-standard reply code comes from', () => {
    for (const code of SEED_NON_STANDARD) expect(byCode.get(code)?.nonStandard, code).toBeDefined();
  });

  it('cites an RFC for every code defined by one', () => {
    for (const c of codes) {
      if (c.nonStandard) continue;
      expect(c.references.some((r) => r.rfc !== undefined) || c.code.endsWith('.28'), c.code).toBe(true);
    }
  });

  it('derives a class for every page', () => {
    for (const c of codes) expect(classify(c.code), c.code).toBeDefined();
  });
  it('names no path on our own machines: the pages show what the data says (sources, notes)', () => {
    const local = /(?:^|[\s("'])\/(?:work|home|tmp|root|Users)\/\S/;
    const files = readdirSync('data', { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) =>
      readFileSync(join('data', f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (local.test(line) ? [`data/${f}:${i + 1}`] : [])),
    );
    expect(found).toEqual([]);
    expect(local.test('via: "/work/shared/reference/x.md"')).toBe(true);
  });
});
