// Speed-ups in the analyzer's hot paths (the CLI reads logs of millions of lines) must give exactly
// what the plain way gives: each is compared here with a plain reference on real and random text.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reasonFromWords } from '../../src/lib/analyzer/reason';
import { dedupe } from '../../src/lib/analyzer/readers/merge';
import type { Draft } from '../../src/lib/analyzer/types';
import { loadReasons } from '../../src/lib/reasons';

const reasons = loadReasons();

/** The plain reading of the phrase data: the lowest-ranked phrase whose parts occur in order. */
function plainReason(text: string, firstOnly = false): string | undefined {
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  const n = reasons.phrases.length;
  let best: { rank: number; reason: string } | undefined;
  reasons.phrases.forEach((r, rank) => {
    const phrases = [
      ...(r.first ?? []).map((t) => ({ rank: rank - n, t })),
      ...(firstOnly ? [] : r.texts.map((t) => ({ rank, t }))),
    ];
    for (const { rank: at, t } of phrases) {
      const parts = t.split(' … ');
      for (let i = lower.indexOf(parts[0]); i >= 0; i = lower.indexOf(parts[0], i + 1)) {
        let from = i + parts[0].length;
        const inOrder = parts.slice(1).every((p) => {
          const j = lower.indexOf(p, from);
          from = j + p.length;
          return j >= 0;
        });
        if (inOrder && (!best || at < best.rank)) best = { rank: at, reason: r.reason };
        if (inOrder) break;
      }
    }
  });
  return best?.reason;
}

const lines = readdirSync('tests/fixtures/sisimai/maildir/bsd')
  .slice(0, 150)
  .flatMap((f) => readFileSync(`tests/fixtures/sisimai/maildir/bsd/${f}`, 'latin1').split('\n'))
  .filter((l) => l.trim().length > 8);

describe('reason phrases (bit tables, rank-sorted buckets)', () => {
  it('find the same reason as the plain reading, on every line of real bounces', () => {
    expect(lines.length).toBeGreaterThan(5000);
    let found = 0;
    for (const line of lines) {
      const want = plainReason(line);
      expect(reasonFromWords(line, reasons), line).toBe(want);
      expect(reasonFromWords(line, reasons, true), line).toBe(plainReason(line, true));
      if (want) found++;
    }
    expect(found).toBeGreaterThan(100);
  });

  it('and on random mixes of phrase pieces, white space and non-ASCII text', () => {
    const words = reasons.phrases.flatMap((r) => r.texts.slice(0, 3)).flatMap((t) => t.split(' … '));
    const piece = fc.oneof(
      fc.constantFrom(...words),
      fc.constantFrom(' ', '  ', '\t', '\n ', 'ü', 'Å', 'İ', 'x', '5.1.1'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (ps) => {
        const text = ps.join('');
        expect(reasonFromWords(text, reasons)).toBe(plainReason(text));
      }),
      { numRuns: 400 },
    );
  });
});

describe('reason phrases before the tables are built (the first look-ups: a plain scan)', () => {
  // Another object with the same data has no tables yet: its first look-ups take the plain scan.
  const fresh = () => ({ ...reasons });
  it('find the same reason as the plain reading, on real bounce lines', () => {
    let found = 0;
    for (const line of lines) {
      const want = plainReason(line);
      expect(reasonFromWords(line, fresh()), line).toBe(want);
      expect(reasonFromWords(line, fresh(), true), line).toBe(plainReason(line, true));
      if (want) found++;
    }
    expect(found).toBeGreaterThan(100);
  });

  it('and the tables take over after a few look-ups, with the same answers', () => {
    const data = fresh();
    for (const line of lines.slice(0, 200)) expect(reasonFromWords(line, data), line).toBe(plainReason(line));
  });
});

describe('dedupe (the core of a reply read in one pass that stops at 60)', () => {
  const draft = (text: string, line: number): Draft => ({ reply: '550', text, line, shape: 'reply' });
  it('keeps replies that differ only after a long run of punctuation', () => {
    const a = `550 ${'-'.repeat(200)} user unknown`;
    const b = `550 ${'-'.repeat(200)} mailbox full`;
    expect(dedupe([draft(a, 1), draft(b, 2)])).toHaveLength(2);
  });
  it('drops a reply that repeats the first 60 letters and digits of another', () => {
    const head = '550 5.1.1 The email account that you tried to reach does not exist please';
    expect(dedupe([draft(`${head} try again`, 1), draft(`${head} check it`, 2)])).toHaveLength(1);
    expect(dedupe([draft(`${head.slice(0, 40)} a`, 1), draft(`${head.slice(0, 40)} b`, 2)])).toHaveLength(2);
    // The 60th character is the space before the difference: the same core.
    const x = `550 ${'x'.repeat(55)}`;
    expect(dedupe([draft(`${x}--a`, 1), draft(`${x}--b`, 2)])).toHaveLength(1);
  });
  it('keeps or drops exactly as the plain key does, on random texts', () => {
    const core = (t: string) =>
      t
        .slice(t.indexOf('550'))
        .replace(/[^A-Za-z0-9]+/g, ' ')
        .toLowerCase()
        .trim()
        .slice(0, 60);
    const piece = fc.constantFrom('a', 'B', '7', ' ', '--', '.', 'é', 'İ', '\t', 'x'.repeat(29), '-'.repeat(70), 'Zz');
    const text = fc.array(piece, { maxLength: 14 }).map((ps) => `550 ${ps.join('')}`);
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(dedupe([draft(a, 1), draft(b, 2)])).toHaveLength(core(a) === core(b) ? 1 : 2);
      }),
      { numRuns: 3000 },
    );
  });
});
