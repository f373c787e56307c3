import { describe, expect, it } from 'vitest';
import { analyze, analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { MARKED_LENGTH, SHOWN_FINDINGS, analysisView, type AnalysisView } from '../../src/lib/analysis-view';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';
import { warmUpTexts } from '../../src/scripts/warm-up';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const viewOf = (text: string) => analysisView(text, analyze(text, k), k);

/** The pieces must cover the shown text exactly once, in order, and every mark must be evidence. */
function expectPiecesCover(view: AnalysisView, length: number): void {
  let at = 0;
  for (const p of view.pieces) {
    expect(p.start).toBe(at);
    expect(p.end).toBeGreaterThan(p.start);
    at = p.end;
  }
  expect(at).toBe(length);
}

const DELIVERED =
  'Nov 27 10:00:01 mx postfix/smtp[11]: A1: to=<ann@example.net>, relay=mx.example.net[192.0.2.4]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9)';
const UNKNOWN =
  'Nov 27 10:00:02 mx postfix/smtp[12]: A2: to=<bob@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))';

describe('analysisView', () => {
  it('lists failures first, titles only the codes that have a page, and counts deliveries apart', () => {
    const text = [DELIVERED, UNKNOWN, '451 9.9.9 made-up code here'].join('\n');
    const view = viewOf(text);
    expect(view.findings.map((f) => [f.verdict, f.replyCode, f.enhancedCode])).toEqual([
      ['suppress', '550', '5.1.1'],
      ['retry', '451', undefined],
      ['none', '250', '2.0.0'],
    ]);
    expect(view.titles['5.1.1']).toBe(k.codes['5.1.1'].title);
    expect(view.titles['550']).toBe(k.codes['550'].title);
    expect(view.titles).not.toHaveProperty('9.9.9');
    expect(view.summary).toBe(
      '2 failures found. First: 550 5.1.1, Suppress the address (+1 more). Also 1 report of success: no action.',
    );
    expectPiecesCover(view, text.length);
  });

  it('marks each fact where it was read, and links a fact only to a mark that exists', () => {
    const view = viewOf(UNKNOWN);
    const ip = view.facts.find((f) => f.kind === 'remote-mta')!;
    expect(ip).toMatchObject({ label: 'Remote server', value: 'mx.example.com' });
    expect(ip.links.length).toBeGreaterThan(0);
    const marked = view.pieces.filter((p) => p.mark);
    for (const link of ip.links) {
      const piece = marked.find((p) => p.mark!.keys.includes(link.key))!;
      expect(UNKNOWN.slice(piece.start, piece.end)).toContain('mx.example.com');
      expect(piece.mark!.title).toContain('Remote server: mx.example.com');
    }
    // What the 5.1.1 finding was read from is marked as a finding's evidence.
    expect(marked.some((p) => p.mark!.kind === 'finding' && p.mark!.title.startsWith('550 5.1.1: '))).toBe(true);
    expectPiecesCover(view, UNKNOWN.length);
  });

  it('marks the evidence in a paste with curly quotes and no-break spaces, where the pasted text has it', () => {
    const marksOf = (text: string, view: AnalysisView) =>
      view.pieces.filter((p) => p.mark).map((p) => [p.mark!.kind, text.slice(p.start, p.end)]);
    const codeless = "Delivery to the following recipient failed:\n\n  ann@one.example\n\nThe user doesn't exist here.";
    for (const plain of [UNKNOWN, codeless]) {
      const copied = plain.replaceAll("'", '\u2019').replaceAll('  ', '\u00a0 ').replace(' said:', '\u00a0said:');
      const view = viewOf(copied);
      // The same places marked as in the plain text; the page slices them out of what was pasted.
      const marks = marksOf(copied, view);
      expect(marks.map(([kind, m]) => [kind, m.replaceAll('\u2019', "'").replaceAll('\u00a0', ' ')])).toEqual(
        marksOf(plain, viewOf(plain)),
      );
      expect(marks.length).toBeGreaterThan(1);
      expectPiecesCover(view, copied.length);
    }
  });

  it('shows at most SHOWN_FINDINGS findings and marks at most MARKED_LENGTH characters of a long log', () => {
    const lines = Array.from({ length: 1200 }, (_, i) => UNKNOWN.replaceAll('bob@', `bob${i}@`));
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(MARKED_LENGTH);
    const view = viewOf(text);
    expect(view.findings).toHaveLength(SHOWN_FINDINGS);
    expect(view.summary).toMatch(/^1,200 failures found \(first 200 shown\)\. First: 550 5\.1\.1, /);
    expectPiecesCover(view, MARKED_LENGTH);
    // A fact's links point only into the marked part.
    const keys = new Set(view.pieces.flatMap((p) => p.mark?.keys ?? []));
    for (const f of view.facts) for (const l of f.links) expect(keys.has(l.key)).toBe(true);
  });

  it('gives no facts, no marks and the "no failure" line for text that is not a bounce', () => {
    const view = viewOf('Hello, see you on Tuesday.');
    expect(view).toMatchObject({ findings: [], facts: [], titles: {} });
    expect(view.pieces).toEqual([{ start: 0, end: 26 }]);
    expect(view.summary).toMatch(/^No failure found: this does not look like a bounce/);
  });
});

describe('the worker’s warm-up texts', () => {
  // They run before the first paste so the engine has compiled what a paste runs: a notice and a log
  // that reach the DSN reader, the MIME layer, the log readers, the classification and the facts.
  it('are read as what they are: one DSN failure, and every shape of log line', async () => {
    const [notice, log, ...more] = warmUpTexts();
    expect(more).toHaveLength(2);
    const email = await analyzeEmail(notice, k);
    expect(email.findings.map((f) => [f.recipient, f.enhancedCode, f.verdict])).toEqual([
      ['bob@example.com', '5.1.1', 'suppress'],
    ]);
    const view = analysisView(notice, email, k);
    expect(view.facts.map((f) => f.kind)).toContain('remote-mta');
    const lines = analyze(log, k).findings;
    expect(new Set(lines.map((f) => f.verdict))).toEqual(new Set(['none', 'fix-sender', 'retry']));
    expect(lines.map((f) => f.enhancedCode)).toEqual(expect.arrayContaining(['2.0.0', '5.7.1', '4.2.2', '5.7.26']));
    // Each text is small, so a paste arriving meanwhile waits for one of them at most.
    for (const text of [notice, log, ...more]) expect(text.length).toBeLessThan(20_000);
    expect(new Set([log, ...more]).size).toBe(3);
  });
});
