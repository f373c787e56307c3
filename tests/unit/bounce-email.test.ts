/**
 * Benchmark on the test emails of the Ruby gem bounce_email (tests/fixtures/bounce-email, MIT, see
 * its README), with what the gem's own test/bounce_email_test.rb asserts. First measured untouched
 * (2026-12-02, see the README); the messages are split by the same file-name hash as sisimai's
 * suite into a dev half, which may be tuned on (SHOW_BEMAIL=1 prints its wrong messages), and a
 * held-out half whose wrong messages are only counted.
 *
 * Per message: (a) found: a failure is reported exactly when the test calls the message bounced;
 * (b) code (where the test asserts one): every failure reported has that enhanced code; (c) type
 * (where the test asserts hard or soft): every failure reported has a verdict the type allows
 * (TYPE_VERDICTS). Compared with the committed per-message baseline
 * (tests/fixtures/bounce-email-baseline.json): a message that was right and goes wrong fails the
 * test. Totals are printed per half, overall, and overall without the messages another benchmark
 * also holds.
 *
 * Update the baseline after an improvement made for other reasons (never to hide a regression):
 *   UPDATE_BASELINE=1 npx vitest run --config tests/vitest.config.ts tests/unit/bounce-email.test.ts
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lib/analyzer';
import { benchKnowledge, checkBaseline, emailFindings, partTotals } from '../support/benchmark';
import { half } from '../support/sisimai-score';
import {
  BEMAIL_DIR,
  TYPE_VERDICTS,
  loadBemailExpectations,
  scoreMessage,
  type BemailExpectation,
  type BemailScore,
} from '../support/bounce-email-score';

const BASELINE = 'tests/fixtures/bounce-email-baseline.json';
const METRICS = ['found', 'code', 'type'] as const;
const k = benchKnowledge();
const files = loadBemailExpectations();

const findings = (file: string) => emailFindings(`${BEMAIL_DIR}/data/${file}`, k);

describe('bounce_email scorer', () => {
  const finding = (verdict: Finding['verdict'], enhancedCode?: string, inferred = false) =>
    ({ recipient: 'a@x', verdict, enhancedCode, inferred }) as Finding;
  const want = (more: Partial<BemailExpectation> = {}): BemailExpectation => ({
    bounced: true,
    path: '',
    sources: [],
    overlaps: [],
    ...more,
  });

  it('wants a failure exactly in a bounced message, and counts a retry as one', () => {
    expect(scoreMessage(want(), [finding('retry')])).toEqual({ found: true, code: null, type: null });
    expect(scoreMessage(want(), [finding('none')]).found).toBe(false);
    expect(scoreMessage(want(), []).found).toBe(false);
    expect(scoreMessage(want({ bounced: false }), [finding('none')]).found).toBe(true);
    expect(scoreMessage(want({ bounced: false }), []).found).toBe(true);
    expect(scoreMessage(want({ bounced: false }), [finding('suppress')]).found).toBe(false);
  });

  it('wants the asserted enhanced code on every failure, and none read from the text for unknown', () => {
    const code = want({ code: '5.1.2' });
    expect(scoreMessage(code, [finding('suppress', '5.1.2', true)]).code).toBe(true);
    expect(scoreMessage(code, [finding('suppress', '5.1.2'), finding('suppress', '5.0.0')]).code).toBe(false);
    expect(scoreMessage(code, [finding('suppress')]).code).toBe(false);
    expect(scoreMessage(code, [finding('none', '5.1.2')]).code).toBe(false);
    const unknown = want({ code: 'unknown' });
    expect(scoreMessage(unknown, [finding('retry')]).code).toBe(true);
    expect(scoreMessage(unknown, [finding('retry', '4.2.2', true)]).code).toBe(true);
    expect(scoreMessage(unknown, [finding('retry', '4.2.2')]).code).toBe(false);
    expect(scoreMessage(unknown, []).code).toBe(false);
  });

  it('maps hard to the verdicts that do not resend as is, soft to retry, and skips unscored asserts', () => {
    const hard = want({ type: 'hard' });
    for (const v of ['suppress', 'fix-message', 'fix-sender'] as const)
      expect(scoreMessage(hard, [finding(v)]).type).toBe(true);
    expect(scoreMessage(hard, [finding('retry')]).type).toBe(false);
    expect(scoreMessage(hard, []).type).toBe(false);
    expect(scoreMessage(want({ type: 'soft' }), [finding('retry')]).type).toBe(true);
    expect(scoreMessage(want({ type: 'soft' }), [finding('suppress')]).type).toBe(false);
    const unscored = want({ type: 'hard', code: '5.0.0', unscored: { type: 'default', code: 'weak' } });
    expect(scoreMessage(unscored, [finding('retry', '4.2.2')])).toEqual({ found: true, code: null, type: null });
  });

  it('has a verdict row for every type the expectations use, and a source for every message', () => {
    for (const [file, w] of files) {
      if (w.type) expect(TYPE_VERDICTS, file).toHaveProperty(w.type);
      expect(w.sources.length, file).toBeGreaterThan(0);
    }
  });
});

describe('bounce_email messages (dev and held-out halves)', () => {
  it('does not get wrong any message it got right in the committed baseline', async () => {
    const results: Record<string, BemailScore> = {};
    const totals = partTotals(METRICS);
    const wrong: string[] = [];
    for (const [file, want] of files) {
      const found = await findings(file);
      const score = scoreMessage(want, found);
      results[file] = score;
      totals.add(file, want.overlaps.length > 0, score);
      // Only the dev half's wrong messages are ever named.
      if (half(file) === 'dev' && METRICS.some((m) => score[m] === false))
        wrong.push(
          `${file}: expected ${want.bounced ? 'a failure' : 'no failure'} ${want.code ?? ''} ${want.type ?? ''}, got ${JSON.stringify(
            found.map((f) => [f.recipient, f.enhancedCode, f.inferred, f.verdict, f.reason]),
          )}`,
        );
    }
    for (const line of totals.lines('bounce_email', { found: 'failure found', code: 'code', type: 'type' }))
      console.log(line);
    if (process.env.SHOW_BEMAIL) console.log(wrong.join('\n'));
    checkBaseline(BASELINE, results, METRICS);
  }, 120_000);
});
