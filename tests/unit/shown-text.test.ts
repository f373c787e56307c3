/**
 * Pasting only what a mail client shows of a bounce: many users select the notice's visible text
 * and paste that, without the header, the delivery report or the returned message. For every real
 * email of the benchmarks that gives a failure, its first text/plain part (as the MIME parser
 * decodes it) is analysed alone and compared with the whole email's findings: recipient and code
 * (enhanced, else reply), and, what the reader acts on, the set of verdicts. No labels are involved, so both halves are checked; some losses cannot
 * be undone (a text part that gives no address or no code), so this is a baseline, not an
 * invariance: an email whose shown text was read alike, or gave a failure at all, must keep doing so.
 */
import { readdirSync, readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeEmail, type Finding } from '../../src/lib/analyzer';
import { benchKnowledge, checkBaseline, pct } from '../support/benchmark';
import { SISIMAI_DIR, half } from '../support/sisimai-score';

const k = benchKnowledge();
const DIRS = [
  `${SISIMAI_DIR}/maildir/bsd`,
  'tests/fixtures/flufl-bounce/data',
  'tests/fixtures/bounceparser/data',
  'tests/fixtures/bounce-email/data',
  'tests/fixtures/php-bounce-handler/eml',
];

const failures = (fs: Finding[]) => fs.filter((f) => f.verdict !== 'none');
const key = (fs: Finding[]) =>
  JSON.stringify(fs.map((f) => [f.recipient ?? '', f.enhancedCode ?? f.replyCode ?? '']).sort());
const verdicts = (fs: Finding[]) => JSON.stringify([...new Set(fs.map((f) => f.verdict))].sort());

describe('the text a mail client shows, pasted alone', () => {
  it('keeps every email that was read alike, or gave a failure, in the committed baseline', async () => {
    const results: Record<string, { found: boolean; same: boolean; verdicts: boolean }> = {};
    for (const dir of DIRS)
      for (const file of readdirSync(dir)) {
        const bytes = new Uint8Array(readFileSync(`${dir}/${file}`));
        const whole = failures((await analyzeEmail(bytes, k)).findings);
        if (!whole.length) continue;
        const shown = await PostalMime.parse(bytes).then(
          (m) => m.text,
          () => undefined,
        );
        if (!shown?.trim()) continue;
        const alone = failures(analyze(shown, k).findings);
        results[file] = {
          found: alone.length > 0,
          same: key(alone) === key(whole),
          verdicts: alone.length > 0 && verdicts(alone) === verdicts(whole),
        };
      }
    const total = (side: string, m: 'found' | 'same' | 'verdicts') => {
      const rows = Object.entries(results).filter(([f]) => side === 'all' || half(f) === side);
      return pct([rows.filter(([, r]) => r[m]).length, rows.length]);
    };
    for (const side of ['dev', 'held-out', 'all'])
      console.log(
        `shown text ${side}: a failure found ${total(side, 'found')}, read alike ${total(side, 'same')}, same verdicts ${total(side, 'verdicts')}`,
      );
    expect(Object.keys(results).length).toBeGreaterThan(800);
    checkBaseline('tests/fixtures/shown-text-baseline.json', results, ['found', 'same', 'verdicts']);
  }, 120_000);

  /**
   * The same text as a copy may bring it: CRLF line ends, quoted in full ("> " on every line), the
   * indentation as no-break spaces (a web mail client's "&nbsp; &nbsp;"), curly apostrophes (Outlook,
   * web pages). No labels: each must read exactly as the text itself, on both halves.
   */
  it('reads the shown text alike when copied with CRLF, quote marks, no-break spaces or curly apostrophes', async () => {
    const forms: Record<string, (t: string) => string> = {
      crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
      quoted: (t) =>
        t
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n'),
      nbsp: (t) => t.replace(/ {2,}/g, (run) => '\u00a0 '.repeat(run.length >> 1) + (run.length % 2 ? '\u00a0' : '')),
      curly: (t) => t.replaceAll("'", '\u2019'),
    };
    const reading = (t: string) =>
      JSON.stringify(
        failures(analyze(t, k).findings).map((f) => [f.recipient, f.replyCode, f.enhancedCode, f.verdict, f.reason]),
      );
    const differ: string[] = [];
    let texts = 0;
    for (const dir of DIRS)
      for (const file of readdirSync(dir)) {
        const shown = await PostalMime.parse(new Uint8Array(readFileSync(`${dir}/${file}`))).then(
          (m) => m.text,
          () => undefined,
        );
        const base = shown?.trim() ? reading(shown) : '[]';
        if (base === '[]') continue;
        texts++;
        for (const [name, form] of Object.entries(forms))
          // Held-out texts are counted, never named.
          if (reading(form(shown!)) !== base)
            differ.push(half(file) === 'dev' ? `${name} ${file}` : `${name} (held-out)`);
      }
    expect(texts).toBeGreaterThan(800);
    expect(differ).toEqual([]);
  }, 120_000);
});
