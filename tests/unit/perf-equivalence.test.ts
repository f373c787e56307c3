// Speed-ups in the analyzer's hot paths (the CLI reads logs of millions of lines) must give exactly
// what the plain way gives: each is compared here with a plain reference on real and random text.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byLine, joinLines, splitLines } from '../../src/lib/analyzer';
import { byStart } from '../../src/lib/analyzer/output';
import { reasonFromWords } from '../../src/lib/analyzer/reason';
import { coreOf, dedupe } from '../../src/lib/analyzer/readers/merge';
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

describe('dedupe (a core worked out only when recipient and codes were seen before)', () => {
  /** The plain reading: one key per draft, the first draft of each key kept. */
  const plain = (ds: Draft[]) => {
    const seen = new Set<string>();
    return ds.filter((d) => {
      const at = d.reply ? d.text.indexOf(d.reply) : -1;
      const text = d.text.slice(Math.max(at, 0));
      const core = d.inferred
        ? ''
        : text
            .replace(/[^A-Za-z0-9]+/g, ' ')
            .toLowerCase()
            .trim()
            .slice(0, 60);
      const key = `${d.recipient ?? ''}|${d.reply ?? ''}|${d.enhanced ?? ''}|${core}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  it('keeps exactly the drafts the plain key keeps, on random lists', () => {
    const draft = fc.record({
      recipient: fc.constantFrom(undefined, 'a@x.example', 'b@x.example', 'a|550@x.example'),
      reply: fc.constantFrom(undefined, '550', '450'),
      enhanced: fc.constantFrom(undefined, '5.1.1', '4.2.2'),
      inferred: fc.boolean(),
      text: fc.constantFrom(
        '550 user unknown',
        '550 User unknown.',
        '450 mailbox full',
        'mailbox full',
        '550 5.1.1 no',
      ),
    });
    fc.assert(
      fc.property(fc.array(draft, { maxLength: 30 }), (rs) => {
        const ds = rs.map((r, i): Draft => ({ ...r, line: i + 1, shape: 'reply' }));
        expect(dedupe(ds)).toEqual(plain(ds));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('coreOf (a window first, the whole rest only when the window is short of 61)', () => {
  const plain = (t: string, at: number) =>
    t
      .slice(at)
      .replace(/[^A-Za-z0-9]+/g, ' ')
      .toLowerCase()
      .trim()
      .slice(0, 60);
  it('is the plain core at the window edges', () => {
    // 61 letters and digits in the window; 60; a gap or a letter exactly at the window's end.
    for (const t of [
      'a'.repeat(61),
      'a'.repeat(60),
      `${'-'.repeat(179)}${'b'.repeat(61)}`,
      `${'-'.repeat(180)}${'b'.repeat(61)}`,
      `${'x'.repeat(30)}${'-'.repeat(180)}${'y'.repeat(60)}`,
      `${'Ab.'.repeat(79)}Z--`,
      `${' '.repeat(239)}Q${'r'.repeat(70)}`,
      `  ${'W'.repeat(59)}  v  `,
      // 59 and a gap that runs past the window: the gap is the text's end, trimmed.
      `${'k'.repeat(59)}${'-'.repeat(300)}`,
    ])
      for (const at of [0, 1, 2, 30]) expect(coreOf(t, at), JSON.stringify([t, at])).toBe(plain(t, at));
  });
  it('is the plain core on random texts, from random places', () => {
    const piece = fc.constantFrom(
      'a',
      'B',
      '7',
      ' ',
      '--',
      '.',
      'é',
      'İ',
      '\t',
      'x'.repeat(29),
      '-'.repeat(70),
      'Zz',
      '\ud83d\ude00',
      '=',
      '-'.repeat(250),
      'q'.repeat(59),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(300), (ps, at) => {
        const t = ps.join('');
        expect(coreOf(t, at)).toBe(plain(t, at));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('byStart (insertion sort of a finding’s spans)', () => {
  it('orders as a stable sort by start does, on random spans', () => {
    const span = fc.record({ start: fc.nat(6), end: fc.nat(9), why: fc.constantFrom('a', 'b', 'c', 'd') });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 9 }), (spans) => {
        const want = [...spans].sort((a, b) => a.start - b.start);
        const got = [...spans];
        expect(byStart(got)).toBe(got);
        expect(got).toEqual(want);
        // The very same objects, in the same order among equal starts.
        got.forEach((s, i) => expect(s).toBe(want[i]));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('splitLines (a plain split when the text has no CR)', () => {
  it('gives the lines the CR/LF expression gives', () => {
    const piece = fc.constantFrom('a', 'b c', '\n', '\r', '\r\n', '\n\r', '\u2028', '', '550 x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (ps) => {
        const text = ps.join('');
        expect(splitLines(text)).toEqual(text.split(/\r\n|\r|\n/));
      }),
      { numRuns: 3000 },
    );
    expect(splitLines('a\nb\n')).toEqual(['a', 'b', '']);
  });
});

describe('byLine (two readers’ drafts merged in line order)', () => {
  it('gives what a stable sort of the two lists joined gives, sorted or not', () => {
    const list = fc.array(fc.nat(12), { maxLength: 12 });
    fc.assert(
      fc.property(list, list, fc.boolean(), (xs, ys, sort) => {
        const drafts = (ns: number[], tag: string) =>
          (sort ? [...ns].sort((p, q) => p - q) : ns).map((line, i): Draft => ({
            line,
            text: `${tag}${i}`,
            shape: 'reply',
          }));
        const a = drafts(xs, 'a');
        const b = drafts(ys, 'b');
        const want = [...a, ...b].sort((p, q) => p.line - q.line);
        const got = byLine(a, b);
        expect(got).toHaveLength(want.length);
        got.forEach((d, i) => expect(d).toBe(want[i]));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('joinLines (the lines before a failure, joined without an array)', () => {
  it('is lines.slice(from, to).join(" ")', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('', 'a', 'in reply to', 'RCPT TO', ' x '), { maxLength: 6 }),
        fc.nat(8),
        fc.nat(9),
        (lines, from, to) => {
          expect(joinLines(lines, from, to)).toBe(lines.slice(from, to).join(' '));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
