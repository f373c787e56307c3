// A challenge-response request (the recipient's filter asks the sender to confirm) is not a failure.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { CHALLENGE } from '../../src/lib/analyzer/patterns';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));

describe('challenge-response requests', () => {
  it('knows the request by its words, not by words a bounce or a returned spam shares', () => {
    expect(CHALLENGE.test('Diagnostic-Code: X-Boxbe-Notice; Sender not pre-approved.')).toBe(true);
    expect(CHALLENGE.test('Your message about "foo" has been waitlisted.')).toBe(true);
    expect(CHALLENGE.test('Please add yourself to my Boxbe Guest List so your messages will be delivered')).toBe(true);
    expect(CHALLENGE.test('If you want guest list for bare club nights')).toBe(false); // a returned spam
    expect(CHALLENGE.test('Pre-approved Application #ZKQNJDJ328846')).toBe(false);
    expect(CHALLENGE.test('550 5.1.1 User unknown')).toBe(false);
  });
  it("gives no failure for Boxbe's report of a waitlisted message, and says it is a challenge", async () => {
    const bytes = new Uint8Array(readFileSync('tests/fixtures/bounceparser/data/boxbe-cr.msg'));
    const analysis = await analyzeEmail(bytes, k);
    expect(analysis.findings).toEqual([]);
    expect(analysis.challenge).toBe(true);
  });
  it('leaves a real bounce and a mail log alone', () => {
    const bounce = analyze('550 5.1.1 <a@example.com>: Recipient address rejected: User unknown', k);
    expect([bounce.findings.length, bounce.challenge]).toEqual([1, undefined]);
    const log = analyze('status=bounced (host said: 550 has been waitlisted)', k, { log: true });
    expect(log.challenge).toBeUndefined();
  });
});
