import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBytes, leadingRecords, LineChunker, looksLikeLog, type Piece } from '../../src/lib/line-chunks';

const small = { lines: 3, chars: 1000, hardLines: 8, hardChars: 4000, maxLineChars: 200 };
function pieces(text: string, options = small, step = 7): { out: Piece[]; chunker: LineChunker } {
  const chunker = new LineChunker(options);
  const out: Piece[] = [];
  for (let i = 0; i < text.length; i += step) out.push(...chunker.push(text.slice(i, i + step)));
  out.push(...chunker.end());
  return { out, chunker };
}

describe('LineChunker', () => {
  it('gives back every line once, in order, with its line number, however the input arrives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'B line', '  wrapped', '', '550-5.1.1 x', '550 5.1.1 y', 'Status: 5.1.1'), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 50 }),
        (lines, step) => {
          const text = lines.join('\n');
          const { out } = pieces(text, small, step);
          // A line break at the very end does not start another line.
          expect(out.map((p) => p.text).join('\n')).toBe(text.endsWith('\n') ? text.slice(0, -1) : text);
          let next = 1;
          for (const p of out) {
            expect(p.firstLine).toBe(next);
            expect(p.text.split('\n')).toHaveLength(p.lines);
            next += p.lines;
          }
        },
      ),
    );
  });

  it('gives each line as read (CR dropped, cut at maxLineChars), however the input arrives', () => {
    // Pieces are slices of the text pushed where their lines lie one after another in it.
    const long = 'x'.repeat(230);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'B line\r', '', '\r', long, `${long}\r`, '550 5.1.1 y', 'Z'.repeat(199) + '\r'), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 600 }),
        (lines, step) => {
          const text = lines.join('\n');
          const { out } = pieces(text, small, step);
          const want = (text.endsWith('\n') ? text.slice(0, -1) : text)
            .split('\n')
            .map((l) => l.slice(0, small.maxLineChars))
            .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
          expect(out.map((p) => p.text).join('\n')).toBe(text ? want.join('\n') : '');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never cuts a wrapped or multi-line reply', () => {
    const text = [
      'A one',
      'B two',
      'C three',
      '550-5.1.1 first',
      '550-5.1.1 second',
      '550 5.1.1 last',
      '    more',
      'D four',
      'E five',
    ].join('\n');
    const { out } = pieces(text);
    const where = (s: string) => out.findIndex((p) => p.text.includes(s));
    expect(where('550-5.1.1 first')).toBe(where('550 5.1.1 last'));
    expect(where('550 5.1.1 last')).toBe(where('    more'));
  });

  it('cuts a DSN only between per-recipient blocks, so each keeps its recipient', () => {
    const block = (i: number) => [
      `Final-Recipient: rfc822; r${i}@example.com`,
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 unknown',
    ];
    const text = Array.from({ length: 6 }, (_, i) => block(i).join('\n')).join('\n\n');
    const { out, chunker } = pieces(text);
    expect(out.length).toBeGreaterThan(1);
    for (const p of out) {
      const recipients = (p.text.match(/Final-Recipient/g) ?? []).length;
      const diagnostics = (p.text.match(/Diagnostic-Code/g) ?? []).length;
      expect(recipients).toBe(diagnostics);
    }
    expect(chunker.stats.forcedCuts).toBe(0);
  });

  it('cuts a record with no safe place at the hard limit, and counts it', () => {
    const text = Array.from({ length: 20 }, (_, i) => `  indented ${i}`).join('\n');
    const { out, chunker } = pieces(`start\n${text}`);
    expect(Math.max(...out.map((p) => p.lines))).toBeLessThanOrEqual(small.hardLines);
    expect(chunker.stats.forcedCuts).toBeGreaterThan(0);
    expect(chunker.stats.lines).toBe(21);
  });

  it('holds at most maxLineChars of a line, counting the lines it cut', () => {
    const { out, chunker } = pieces(`short\n${'x'.repeat(1000)}\r\nnext\r\n`, small, 64);
    expect(out.map((p) => p.text).join('\n')).toBe(`short\n${'x'.repeat(200)}\nnext`);
    expect(chunker.stats).toEqual({ lines: 3, longLinesCut: 1, forcedCuts: 0 });
  });
});

describe('looksLikeLog', () => {
  it('tells mail logs from emails', () => {
    expect(looksLikeLog('Nov 27 10:00:00 mx postfix/smtp[1]: x\nNov 27 10:00:01 mx postfix/smtp[2]: y')).toBe(true);
    expect(looksLikeLog('2026-11-27 10:00:04 1a-000 ** a@b\n2026-11-27 10:00:05 1a-000 => c@d')).toBe(true);
    expect(looksLikeLog('2026-11-27T10:00:04.123+00:00 mx postfix/smtp[1]: x\n2026-11-27T10:00:05Z mx y')).toBe(true);
    expect(looksLikeLog('From: MAILER-DAEMON\nSubject: Undelivered Mail\n\nThis is the mail system')).toBe(false);
    expect(looksLikeLog('550 5.1.1 User unknown')).toBe(false);
  });
});

describe('leadingRecords', () => {
  const line = (i: number) => `Nov 27 10:00:${String(i % 60).padStart(2, '0')} mx postfix/smtp[${i}]: status=bounced`;
  const log = Array.from({ length: 400 }, (_, i) => line(i)).join('\n');

  it('gives the first whole lines of a long log, about the size asked', () => {
    const lead = leadingRecords(log, 1000)!;
    expect(log.startsWith(`${lead}\n`)).toBe(true);
    expect(lead.length).toBeLessThanOrEqual(1000);
    expect(lead.length).toBeGreaterThan(900);
  });

  it('does not end inside a wrapped reply or a DSN block', () => {
    const wrapped = `${line(0)}\n${'X'.repeat(900)}\n    said: 550 5.1.1 user unknown\n    (in reply to RCPT TO)\n${log}`;
    expect(leadingRecords(wrapped, 1000)).toBe(line(0));
    const dsn = `Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; ${'x'.repeat(990)}\n\n${log}`;
    expect(leadingRecords(dsn, 1000)).toMatch(/^Final-Recipient[^]*Diagnostic-Code[^]*x\n$/);
  });

  it('gives nothing for a short text, or where no record ends near the start', () => {
    expect(leadingRecords(log, log.length)).toBeUndefined();
    expect(leadingRecords(`${line(0)}\n${'    wrapped\n'.repeat(2000)}`, 1000)).toBeUndefined();
  });
});

describe('decodeBytes', () => {
  it('reads UTF-8 as UTF-8 and anything else byte for byte', () => {
    expect(decodeBytes(new TextEncoder().encode('Empfänger ✓'))).toBe('Empfänger ✓');
    expect(decodeBytes(Uint8Array.from([0x45, 0x6d, 0x70, 0x66, 0xe4, 0x6e, 0x67, 0x65, 0x72]))).toBe('Empfänger');
    expect(decodeBytes(new Uint8Array(100_000).fill(0xe9))).toHaveLength(100_000);
  });
});
