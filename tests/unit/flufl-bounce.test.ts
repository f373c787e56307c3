/**
 * Benchmark on GNU Mailman's bounce samples, as shipped in flufl.bounce's tests
 * (tests/fixtures/flufl-bounce, LGPLv3, see its README), with the failed addresses flufl's own test
 * table expects. First measured untouched (recipients 71.3%, 72/101); since then the samples are
 * split by the same file-name hash as sisimai's suite into a dev half, which may be tuned on
 * (SHOW_FLUFL=1 prints its wrong samples), and a held-out half whose wrong samples are only counted.
 *
 * Per sample: (a) recipients: the failed recipients reported (findings whose verdict is not 'none')
 * are exactly flufl's set; (b) kind: for samples with expected addresses, the failure is left to the
 * sending server's retries (verdict 'retry', the queue's schedule) exactly when flufl calls them
 * temporary. Compared with the committed per-sample baseline
 * (tests/fixtures/flufl-bounce-baseline.json): a sample that was right and goes wrong fails the test.
 * Totals are printed overall and without the samples that are also in sisimai's suite or our corpus.
 *
 * Update the baseline after an improvement made for other reasons (never to hide a regression):
 *   UPDATE_BASELINE=1 npx vitest run --config tests/vitest.config.ts tests/unit/flufl-bounce.test.ts
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lib/analyzer';
import { GAVE_UP_SCHEDULE, RESEND_SCHEDULE, RETRY_SCHEDULE } from '../../src/lib/verdicts';
import { benchKnowledge, checkBaseline, emailFindings, pct } from '../support/benchmark';
import { half } from '../support/sisimai-score';
import {
  FLUFL_DIR,
  loadFluflExpectations,
  scoreSample,
  type FluflExpectation,
  type FluflScore,
} from '../support/flufl-score';

const BASELINE = 'tests/fixtures/flufl-bounce-baseline.json';
const k = benchKnowledge();
const { files, withoutExpectation } = loadFluflExpectations();

const findings = (file: string) => emailFindings(`${FLUFL_DIR}/data/${file}`, k);

describe('flufl.bounce scorer', () => {
  const finding = (
    recipient: string | undefined,
    verdict: Finding['verdict'],
    originalRecipient?: string,
    retry = verdict === 'retry' ? RETRY_SCHEDULE : undefined,
  ) => ({ recipient, verdict, originalRecipient, retry }) as Finding;
  const want = (expected: string[], temporary = false): FluflExpectation => ({
    cases: [],
    expected,
    temporary,
    kindKnown: true,
    overlaps: [],
  });

  it('compares the set of failed recipients, lower-cased, ignoring findings that are not failures', () => {
    const found = [finding('A@Example.com', 'suppress'), finding('a@example.com', 'suppress'), finding('b@x', 'none')];
    expect(scoreSample(want(['a@example.com']), found)).toEqual({ recipients: true, kind: true });
    expect(scoreSample(want(['a@example.com', 'c@x']), found).recipients).toBe(false);
    expect(scoreSample(want([]), found)).toEqual({ recipients: false, kind: null });
    expect(scoreSample(want([]), [finding('b@x', 'none')])).toEqual({ recipients: true, kind: null });
  });

  it('counts a failure without an address as a wrong recipient, and matches an original recipient', () => {
    expect(scoreSample(want(['a@x']), [finding(undefined, 'suppress')])).toEqual({ recipients: false, kind: true });
    expect(scoreSample(want(['a@x']), [finding('final@host', 'suppress', 'A@x')]).recipients).toBe(true);
  });

  it('says temporary exactly when the sending server still retries, judged on the expected addresses', () => {
    expect(scoreSample(want(['a@x'], true), [finding('a@x', 'retry')]).kind).toBe(true);
    expect(scoreSample(want(['a@x'], true), [finding('a@x', 'suppress')]).kind).toBe(false);
    expect(scoreSample(want(['a@x']), [finding('a@x', 'retry')]).kind).toBe(false);
    // A retry the sender makes (the server returned the message, or answered 5xx) ended the delivery.
    expect(scoreSample(want(['a@x']), [finding('a@x', 'retry', undefined, GAVE_UP_SCHEDULE)]).kind).toBe(true);
    expect(scoreSample(want(['a@x']), [finding('a@x', 'retry', undefined, RESEND_SCHEDULE)]).kind).toBe(true);
    expect(scoreSample(want(['a@x'], true), [finding('a@x', 'retry', undefined, GAVE_UP_SCHEDULE)]).kind).toBe(false);
    expect(scoreSample(want(['a@x']), [finding('a@x', 'fix-sender'), finding('other@x', 'retry')]).kind).toBe(true);
    expect(scoreSample(want(['a@x'], true), []).kind).toBe(false);
  });
});

describe('flufl.bounce samples (dev and held-out halves)', () => {
  it('reads the two samples flufl has no expectation for without failing', async () => {
    expect(withoutExpectation).toEqual(['bounce_01.txt', 'dumbass_01.txt']);
    for (const file of withoutExpectation) expect(Array.isArray(await findings(file))).toBe(true);
  });

  it('does not get wrong any sample it got right in the committed baseline', async () => {
    const results: Record<string, FluflScore> = {};
    const parts: Record<string, number[]> = {
      dev: [0, 0, 0, 0, 0, 0],
      'held-out': [0, 0, 0, 0, 0, 0],
      all: [0, 0, 0, 0, 0, 0],
      'all without overlaps': [0, 0, 0, 0, 0, 0],
    };
    const wrong: string[] = [];
    for (const [file, want] of files) {
      const found = await findings(file);
      const score = scoreSample(want, found);
      results[file] = score;
      const side = half(file);
      for (const [part, t] of Object.entries(parts)) {
        if (part === 'all without overlaps' && want.overlaps.length) continue;
        if ((part === 'dev' || part === 'held-out') && part !== side) continue;
        t[0] += +score.recipients;
        t[1]++;
        if (score.kind === null) continue;
        t[2] += +score.kind;
        t[3]++;
        if (!want.kindKnown) continue;
        t[4] += +score.kind;
        t[5]++;
      }
      if (side === 'dev' && (!score.recipients || score.kind === false))
        wrong.push(
          `${file}: expected ${JSON.stringify(want.expected)} ${want.temporary ? 'temporary' : 'permanent'}, got ${JSON.stringify(
            found.map((f) => [f.recipient, f.originalRecipient, f.verdict]),
          )}`,
        );
    }
    for (const [part, t] of Object.entries(parts))
      console.log(
        `flufl.bounce ${part}: ${t[1]} samples; recipients ${pct(t.slice(0, 2))}, temporary vs permanent ${pct(
          t.slice(2, 4),
        )} (where flufl's detector tells them apart: ${pct(t.slice(4, 6))})`,
      );
    if (process.env.SHOW_FLUFL) console.log(wrong.join('\n'));
    checkBaseline(BASELINE, results, ['recipients', 'kind'] as const);
  }, 120_000);
});
