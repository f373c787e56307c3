/**
 * Benchmark on the real bounces of Mail::DeliveryStatus::BounceParser's tests
 * (tests/fixtures/bounceparser, same terms as Perl, see its README), with what its own t/*.t tests
 * expect. First measured untouched (2026-12-02, see the README); the messages are split by the
 * same file-name hash as sisimai's suite into a dev half, which may be tuned on (SHOW_BP=1 prints
 * its wrong messages), and a held-out half whose wrong messages are only counted.
 *
 * Per message: (a) found: a failure is reported exactly when the tests say there is one;
 * (b) recipients (where the tests name the addresses, or say there are none): the failed
 * recipients reported are exactly that set; (c) verdict (where a test states a std_reason that says
 * what to do): our verdict is one the std_reason allows (STD_REASON_VERDICTS). Compared with the
 * committed per-message baseline (tests/fixtures/bounceparser-baseline.json): a message that was
 * right and goes wrong fails the test. Totals are printed per half, overall, and overall without
 * the messages that are also in our corpus or sisimai's suite.
 *
 * Update the baseline after an improvement made for other reasons (never to hide a regression):
 *   UPDATE_BASELINE=1 npx vitest run --config tests/vitest.config.ts tests/unit/bounceparser.test.ts
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lib/analyzer';
import { benchKnowledge, checkBaseline, emailFindings, partTotals } from '../support/benchmark';
import { half } from '../support/sisimai-score';
import {
  BP_DIR,
  STD_REASON_VERDICTS,
  loadBpExpectations,
  scoreMessage,
  type BpExpectation,
  type BpScore,
} from '../support/bounceparser-score';

const BASELINE = 'tests/fixtures/bounceparser-baseline.json';
const METRICS = ['found', 'recipients', 'verdict'] as const;
const k = benchKnowledge();
const files = loadBpExpectations();

const findings = (file: string) => emailFindings(`${BP_DIR}/data/${file}`, k);

describe('BounceParser scorer', () => {
  const finding = (recipient: string | undefined, verdict: Finding['verdict'], originalRecipient?: string) =>
    ({ recipient, verdict, originalRecipient }) as Finding;
  const want = (expected: string[] | null, more: Partial<BpExpectation> = {}): BpExpectation => ({
    failure: true,
    expected,
    sources: [],
    overlaps: [],
    ...more,
  });

  it('compares the set of failed recipients, lower-cased, and scores none when the tests name none', () => {
    const found = [finding('A@Example.com', 'suppress'), finding('a@example.com', 'suppress'), finding('b@x', 'none')];
    expect(scoreMessage(want(['a@example.com']), found)).toEqual({ found: true, recipients: true, verdict: null });
    expect(scoreMessage(want(['a@example.com', 'c@x']), found).recipients).toBe(false);
    expect(scoreMessage(want(null), found)).toEqual({ found: true, recipients: null, verdict: null });
    expect(scoreMessage(want(['a@x']), [finding(undefined, 'suppress')]).recipients).toBe(false);
    expect(scoreMessage(want(['a@x']), [finding('final@host', 'suppress', 'A@x')]).recipients).toBe(true);
  });

  it('wants no failure in a message that is not a bounce, and takes retry as the news of a delay', () => {
    const none = want([], { failure: false });
    expect(scoreMessage(none, [finding('b@x', 'none')])).toEqual({ found: true, recipients: true, verdict: null });
    expect(scoreMessage(none, [finding('b@x', 'retry')])).toEqual({ found: false, recipients: false, verdict: null });
    const delay = want([], { failure: false, delay: true });
    expect(scoreMessage(delay, [finding('b@x', 'retry')])).toEqual({ found: true, recipients: true, verdict: null });
    expect(scoreMessage(delay, [finding('b@x', 'suppress')]).found).toBe(false);
    expect(scoreMessage(want(null), []).found).toBe(false);
  });

  it("judges the verdict by the std_reason's table, on the expected addresses when named", () => {
    const quota = want(['a@x'], { std_reason: 'over_quota' });
    expect(scoreMessage(quota, [finding('a@x', 'retry')]).verdict).toBe(true);
    expect(scoreMessage(quota, [finding('a@x', 'suppress')]).verdict).toBe(true);
    expect(scoreMessage(quota, [finding('a@x', 'fix-message')]).verdict).toBe(false);
    expect(scoreMessage(quota, [finding('a@x', 'retry'), finding('o@x', 'fix-sender')]).verdict).toBe(true);
    const spam = want(null, { std_reason: 'spam' });
    expect(scoreMessage(spam, [finding('o@x', 'fix-sender'), finding('p@x', 'fix-message')]).verdict).toBe(true);
    expect(scoreMessage(spam, [finding('o@x', 'fix-sender'), finding('p@x', 'suppress')]).verdict).toBe(false);
    expect(scoreMessage(spam, []).verdict).toBe(false);
    expect(scoreMessage(want(null, { std_reason: 'unknown' }), []).verdict).toBe(null);
    expect(() => scoreMessage(want(null, { std_reason: 'made_up' }), [])).toThrow(/made_up/);
  });

  it('has a verdict row for every std_reason the expectations use', () => {
    for (const [file, w] of files) if (w.std_reason) expect(STD_REASON_VERDICTS, file).toHaveProperty(w.std_reason);
  });
});

describe('BounceParser messages (dev and held-out halves)', () => {
  it('does not get wrong any message it got right in the committed baseline', async () => {
    const results: Record<string, BpScore> = {};
    const totals = partTotals(METRICS);
    const wrong: string[] = [];
    for (const [file, want] of files) {
      const found = await findings(file);
      const score = scoreMessage(want, found);
      results[file] = score;
      totals.add(file, want.overlaps.length > 0, score);
      if (half(file) === 'dev' && METRICS.some((m) => score[m] === false))
        wrong.push(
          `${file}: expected ${want.failure ? 'a failure' : 'no failure'} ${JSON.stringify(want.expected)} ${
            want.std_reason ?? ''
          }, got ${JSON.stringify(found.map((f) => [f.recipient, f.originalRecipient, f.verdict, f.reason]))}`,
        );
    }
    for (const line of totals.lines('BounceParser', {
      found: 'failure found',
      recipients: 'recipients',
      verdict: 'verdict',
    }))
      console.log(line);
    if (process.env.SHOW_BP) console.log(wrong.join('\n'));
    checkBaseline(BASELINE, results, METRICS);
  }, 120_000);
});
