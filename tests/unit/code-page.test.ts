import { describe, expect, it } from 'vitest';
import { codeStages, rfc5321Stages, STAGE_STEPS } from '../../src/lib/smtp-stages';
import { answerFor } from '../../src/lib/answer';
import { loadDataset } from '../../src/lib/dataset';

const codes = new Map(loadDataset('data/codes').map((c) => [c.code, c]));
const stagesOf = (code: string) => codeStages(code, codes.get(code)?.stage);

describe('rfc5321Stages', () => {
  it('reads the command-reply lists of RFC 5321 section 4.3.2', () => {
    expect(rfc5321Stages('551')).toEqual(['rcpt-to', 'command']);
    expect(rfc5321Stages('554')).toEqual(['connection', 'data']);
    expect(rfc5321Stages('354')).toEqual(['data']);
    expect(rfc5321Stages('221')).toEqual(['command']);
    expect(rfc5321Stages('550')).toEqual(['helo', 'mail-from', 'rcpt-to', 'data', 'command']);
  });
  it('lets 421, 500 and 501 answer any command, but not the greeting or a later bounce', () => {
    expect(rfc5321Stages('421')).toEqual(['helo', 'mail-from', 'rcpt-to', 'data', 'command']);
    expect(rfc5321Stages('501')).not.toContain('connection');
  });
  it('knows nothing about enhanced or unlisted codes', () => {
    expect(rfc5321Stages('5.1.1')).toEqual([]);
    expect(rfc5321Stages('571')).toEqual([]);
  });
});

describe('codeStages', () => {
  it('unites the record and the RFC, in conversation order', () => {
    expect(codeStages('554', ['dsn', 'rcpt-to'])).toEqual(['connection', 'rcpt-to', 'data', 'dsn']);
    expect(codeStages('5.1.1', ['dsn', 'rcpt-to'])).toEqual(['rcpt-to', 'dsn']);
  });
  it('draws nothing when neither source knows', () => {
    expect(codeStages('5.9.9')).toEqual([]);
    expect(codeStages('571', [])).toEqual([]);
  });
  it('puts an unknown recipient at RCPT TO and a failed authentication check after DATA (real data)', () => {
    expect(stagesOf('5.1.1')).toContain('rcpt-to');
    expect(stagesOf('5.1.1')).not.toContain('data');
    expect(stagesOf('5.7.26')).toContain('data');
    expect(stagesOf('5.7.26')).not.toContain('rcpt-to');
    expect(stagesOf('550')).toEqual(expect.arrayContaining(['mail-from', 'rcpt-to', 'data']));
  });
  it('has a step for every stage a record can name', () => {
    const steps = new Set(STAGE_STEPS.map((s) => s.stage));
    for (const c of codes.values()) for (const s of c.stage ?? []) expect(steps.has(s)).toBe(true);
  });
});

describe('answerFor', () => {
  it('reads retry and who-acts off a single verdict', () => {
    expect(answerFor('suppress')?.retry).toMatch(/^No\b/);
    expect(answerFor('fix-sender')?.who).toMatch(/^You, the sender/);
    expect(answerFor('fix-message')?.retry).toMatch(/after changing the message/);
    expect(answerFor('retry')?.retry).toMatch(/^Yes\b/);
    expect(answerFor(undefined)).toBeUndefined();
  });
  it('names the recipient or their admin for temporary mailbox and system faults', () => {
    expect(answerFor('retry', undefined, '2')?.who).toMatch(/^The recipient \(their mailbox\)/);
    expect(answerFor('retry', undefined, '3')?.who).toMatch(/administrator/);
    // Not "nobody": a loop (446) or a bad certificate (4.7.5) waits on the receiving side's repair.
    expect(answerFor('retry', undefined, '7')?.who).toMatch(/^The receiving side, unless the condition passes/);
    expect(answerFor('retry')?.who).not.toMatch(/nobody/i);
  });
  it('points to the table when the rows disagree, and follows them when they agree', () => {
    const mixed = answerFor('fix-sender', [{ verdict: 'suppress' }, { verdict: 'retry' }]);
    expect(mixed?.who).toMatch(/^Depends on the text/);
    expect(mixed?.retry).toMatch(/some readings are temporary/);
    expect(answerFor('fix-sender', [{ verdict: 'suppress' }, { verdict: 'fix-sender' }])?.retry).toMatch(
      /^Not unchanged/,
    );
    expect(answerFor('retry', [{ verdict: 'fix-sender' }, { verdict: 'fix-sender' }])?.who).toMatch(/^You/);
  });
});
