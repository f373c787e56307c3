/**
 * Agreement with sisimai itself outside its own suite (tests/fixtures/sisimai-agreement, see its
 * README): 388 emails from five folders, labelled by what go-sisimai decodes from them. It measures
 * whether a sisimai user switching to us gets the same recipients, codes and reasons; where we
 * differ from sisimai on purpose (the README of tests/fixtures/sisimai) we stay different.
 *
 * Split by the same file-name hash as every other benchmark (so a held-out flufl.bounce sample is
 * held out here too). Compared per email with the committed baseline
 * (tests/fixtures/sisimai-agreement-baseline.json): an email that agreed and no longer does fails
 * the test. SHOW_AGREE=1 names the dev half's disagreements; the held-out half's are only counted.
 *   UPDATE_BASELINE=1 npx vitest run --config tests/vitest.config.ts tests/unit/sisimai-agreement.test.ts
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lib/analyzer';
import { benchKnowledge, checkBaseline, emailFindings, pct } from '../support/benchmark';
import { loadAgreement, pairByAddress, scoreAgreement, type SisimaiEmail } from '../support/sisimai-agreement-score';
import { emptyCounts, type EmailScore, half, METRICS } from '../support/sisimai-score';

const BASELINE = 'tests/fixtures/sisimai-agreement-baseline.json';
const k = benchKnowledge();
const emails = loadAgreement();

const finding = (recipient: string, verdict: Finding['verdict'] = 'suppress', more: Partial<Finding> = {}) =>
  ({ recipient, verdict, inferred: false, ...more }) as Finding;

describe('pairing our failures with sisimai recipients', () => {
  it('pairs the same address whatever the order, ignoring case', () => {
    const a = finding('A@x.example');
    const b = finding('b@x.example');
    expect(pairByAddress(['b@x.example', 'a@x.example'], [a, b])).toEqual([b, a]);
  });

  it('gives a recipient with no address of ours the first failure sisimai does not list, else nothing', () => {
    const x400 = finding('/o=org/cn=kijitora');
    const b = finding('b@x.example');
    expect(pairByAddress(['kijitora@x.example', 'b@x.example'], [b, x400])).toEqual([x400, b]);
    expect(pairByAddress(['a@x.example', 'b@x.example'], [b])).toEqual([undefined, b]);
  });
});

describe('scoring one email against sisimai', () => {
  const email = (rows: SisimaiEmail['rows'], recipients: string[]): SisimaiEmail => ({ path: '', rows, recipients });

  it('scores reason, verdict and codes per recipient, and the number of failures', () => {
    const e = email(
      [
        ['5.1.1', '550', 'userunknown', true],
        ['4.2.2', '452', 'mailboxfull', false],
      ],
      ['a@x.example', 'b@x.example'],
    );
    const right = [
      finding('b@x.example', 'retry', { enhancedCode: '4.2.2', replyCode: '452', reason: 'mailboxfull' }),
      finding('a@x.example', 'suppress', { enhancedCode: '5.1.1', replyCode: '550', reason: 'userunknown' }),
    ];
    expect(scoreAgreement(e, right)).toEqual({
      recipients: true,
      enhanced: true,
      reply: true,
      reason: true,
      verdict: true,
    });
    const wrongReason = [right[0], { ...right[1], reason: 'filtered', verdict: 'fix-sender' } as Finding];
    expect(scoreAgreement(e, wrongReason)).toMatchObject({ reason: false, verdict: false, enhanced: true });
    expect(scoreAgreement(e, [right[1]])).toMatchObject({ recipients: false, reason: false, enhanced: false });
  });

  it('wants no failure where sisimai finds none or only a feedback report', () => {
    expect(scoreAgreement(email([], []), []).recipients).toBe(true);
    expect(scoreAgreement(email([], []), [finding('a@x.example')]).recipients).toBe(false);
    const feedback = email([['', '', 'feedback', false]], ['a@x.example']);
    expect(scoreAgreement(feedback, [finding('a@x.example', 'none')]).recipients).toBe(true);
  });
});

describe('agreement with sisimai (dev and held-out halves)', () => {
  it('holds sisimai rows and recipients side by side for all 388 emails', () => {
    expect(emails.size).toBe(388);
    for (const [name, e] of emails) expect(e.rows.length === e.recipients.length, name).toBe(true);
  });

  it('does not lose any agreement the committed baseline records', async () => {
    const results: Record<string, EmailScore> = {};
    const counts = { dev: emptyCounts(), 'held-out': emptyCounts() };
    const agreed = { dev: [0, 0], 'held-out': [0, 0] };
    const wrong: string[] = [];
    for (const [name, email] of emails) {
      if (email.error) continue; // sisimai panicked: nothing to agree with
      const found = await emailFindings(`tests/fixtures/${email.path}`, k);
      const part = half(name);
      const score = scoreAgreement(email, found, counts[part]);
      results[name] = score;
      agreed[part][1]++;
      if (score.recipients) agreed[part][0]++;
      if (part === 'dev' && METRICS.some((m) => !score[m]))
        wrong.push(
          `${email.path}: ${METRICS.filter((m) => !score[m]).join(',')} sisimai ${JSON.stringify(
            email.rows.map((r, i) => [email.recipients[i], ...r.slice(0, 3)]),
          )} us ${JSON.stringify(found.map((f) => [f.recipient, f.enhancedCode, f.replyCode, f.reason, f.verdict]))}`,
        );
    }
    for (const part of ['dev', 'held-out'] as const)
      console.log(
        `sisimai agreement ${part}: ${agreed[part][1]} emails; recipients ${pct(agreed[part])}` +
          METRICS.slice(1)
            .map((m) => `, ${m} ${pct(counts[part][m as keyof (typeof counts)['dev']])}`)
            .join(''),
      );
    if (process.env.SHOW_AGREE) console.log(wrong.join('\n'));
    checkBaseline(BASELINE, results, METRICS);
  }, 120_000);
});
