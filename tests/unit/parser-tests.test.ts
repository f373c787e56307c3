/**
 * Benchmark on the bounce emails of five other projects' parser tests (tests/fixtures/parser-tests:
 * rgl/MailBounceDetector, RIPE-NCC/whois, MimeKit, the Ruby mail gem, mailgun/flanker; see its
 * README), against what each test asserts: a bounce or not, the failed recipients, the status, the
 * remote MTA. First measured untouched on 2026-12-03 (README). Compared per email with the committed
 * baseline (tests/fixtures/parser-tests-baseline.json): a metric that was right and goes wrong fails.
 *   UPDATE_BASELINE=1 npx vitest run --config tests/vitest.config.ts tests/unit/parser-tests.test.ts
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benchKnowledge, checkBaseline, fakeFinding, emailFindings, partTotals } from '../support/benchmark';
import {
  PARSER_TESTS_DIR,
  PARSER_TEST_METRICS,
  loadParserTestExpectations,
  scoreEmail,
  type ParserTestExpectation,
  type ParserTestScore,
} from '../support/parser-tests-score';
import { half } from '../support/sisimai-score';

const BASELINE = 'tests/fixtures/parser-tests-baseline.json';
const k = benchKnowledge();
const files = loadParserTestExpectations();
const path = (key: string) => `${PARSER_TESTS_DIR}/${key.replace('/', '/data/')}`;

describe('parser-tests scorer', () => {
  const want = (more: Partial<ParserTestExpectation>): ParserTestExpectation => ({
    source: { repo: '', commit: '', path: '' },
    bounce: true,
    failed: ['RFC822; A@x.example'],
    status: '5.1.1',
    action: 'failed',
    remoteMta: 'dns; MX.x.example',
    asserts: [],
    ...more,
  });
  const EMAIL = 'Status: 5.1.1';

  it('scores found, recipients, status and remote MTA, each right and each wrong', () => {
    const right = fakeFinding({ enhancedCode: '5.1.1', remoteMta: 'mx.x.example' });
    expect(scoreEmail(want({}), EMAIL, [right])).toEqual({
      found: true,
      recipients: true,
      status: true,
      remoteMta: true,
    });
    const wrong = fakeFinding({ recipient: 'b@x.example', enhancedCode: '5.1.2', remoteMta: 'mx.y.example' });
    expect(scoreEmail(want({}), EMAIL, [wrong])).toEqual({
      found: true,
      recipients: false,
      status: false,
      remoteMta: false,
    });
    expect(Object.values(scoreEmail(want({}), EMAIL, []))).toEqual([false, false, false, false]);
  });

  it('wants none for a non-bounce, retry alone for a delay, and skips what is not asserted or not written', () => {
    expect(scoreEmail(want({ bounce: false }), EMAIL, []).found).toBe(true);
    expect(scoreEmail(want({ bounce: false }), EMAIL, [fakeFinding()]).found).toBe(false);
    expect(scoreEmail(want({ bounce: false }), EMAIL, [fakeFinding({ verdict: 'none' })]).found).toBe(true);
    const delayed = want({ bounce: false, action: 'delayed' });
    expect(scoreEmail(delayed, EMAIL, [fakeFinding({ verdict: 'retry' })]).found).toBe(true);
    expect(scoreEmail(delayed, EMAIL, [fakeFinding()]).found).toBe(false);
    const silent = want({ bounce: null, failed: null, status: null, remoteMta: null });
    expect(Object.values(scoreEmail(silent, EMAIL, [fakeFinding()]))).toEqual([null, null, null, null]);
    expect(scoreEmail(want({ status: '5.3.0' }), EMAIL, [fakeFinding()]).status).toBeNull();
    expect(
      scoreEmail(want({ remoteMta: 'dns; https://filter.example/?u=x' }), EMAIL, [fakeFinding()]).remoteMta,
    ).toBeNull();
  });

  it('counts an extra recipient as no error, a missing one as one', () => {
    const two = [fakeFinding(), fakeFinding({ recipient: 'c@x.example' })];
    expect(scoreEmail(want({}), EMAIL, two).recipients).toBe(true);
    expect(scoreEmail(want({ failed: ['a@x.example', 'd@x.example'] }), EMAIL, two).recipients).toBe(false);
  });

  it('holds the 46 emails, each with its source and the asserts it was read from', () => {
    expect(files.size).toBe(46);
    for (const [key, w] of files) {
      expect(w.source.repo, key).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(w.source.commit, key).toMatch(/^[0-9a-f]{40}$/);
      if (w.bounce !== null || w.failed || w.status) expect(w.asserts.length, key).toBeGreaterThan(0);
    }
  });
});

describe("other parsers' test emails (dev and held-out halves)", () => {
  it('does not get wrong any email it got right in the committed baseline', async () => {
    const results: Record<string, ParserTestScore> = {};
    const totals = partTotals(PARSER_TEST_METRICS);
    const wrong: string[] = [];
    for (const [key, w] of files) {
      const found = await emailFindings(path(key), k);
      const score = scoreEmail(w, readFileSync(path(key), 'latin1'), found);
      results[key] = score;
      totals.add(key, false, score);
      const bad = PARSER_TEST_METRICS.filter((m) => score[m] === false);
      if (half(key) === 'dev' && bad.length)
        wrong.push(
          `${key}: ${bad.join(',')} got ${JSON.stringify(found.map((f) => [f.recipient, f.enhancedCode, f.verdict, f.remoteMta]))}`,
        );
    }
    for (const line of totals.lines('parser tests', {
      found: 'bounce or not',
      recipients: 'recipients',
      status: 'status',
      remoteMta: 'remote MTA',
    }))
      if (!line.includes('without overlaps')) console.log(line);
    if (process.env.SHOW_PARSER_TESTS) console.log(wrong.join('\n'));
    checkBaseline(BASELINE, results, PARSER_TEST_METRICS);
  }, 120_000);
});
