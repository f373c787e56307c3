// A temporary failure the sending server has stopped trying (it returned the message) is retried by
// the sender, not by a queue: the finding's retry advice says so.
import { describe, expect, it } from 'vitest';
import { analyze, analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { gaveUp, noticeState } from '../../src/lib/analyzer/gave-up';
import type { Draft } from '../../src/lib/analyzer/types';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';
import { GAVE_UP_SCHEDULE, RESEND_SCHEDULE, RETRY_SCHEDULE } from '../../src/lib/verdicts';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const draft = (text: string, more: Partial<Draft> = {}): Draft => ({ text, line: 1, shape: 'reply', ...more });

describe('gaveUp', () => {
  it("takes a report's action first: failed (or a non-standard error) is returned, delayed is still queued", () => {
    expect(gaveUp(draft('Connection timed out', { action: 'failed', enhanced: '4.4.1' }), undefined)).toBe(true);
    expect(gaveUp(draft('Connection timed out', { action: 'error' }), 'trying')).toBe(true);
    expect(gaveUp(draft('Connection timed out', { action: 'delayed', enhanced: '4.4.7' }), 'final')).toBe(false);
  });
  it('reads a log line by its own status, whatever the rest of the text says', () => {
    const line = (status: string) =>
      `mx postfix/smtp[1]: Q1: to=<a@b.example>, dsn=4.4.1, status=${status} (connect to b.example: Connection timed out)`;
    expect(gaveUp(draft(line('deferred')), 'final')).toBe(false);
    expect(gaveUp(draft(line('bounced')), undefined)).toBe(true);
    expect(gaveUp(draft(line('expired')), undefined)).toBe(true);
    expect(gaveUp(draft('2026-11-27 10:00:04 1a-000 ** a@b.example: retry timeout exceeded'), undefined)).toBe(true);
    expect(gaveUp(draft('2026-11-27 10:00:04 1a-000 == a@b.example R=dnslookup defer (-44)'), 'final')).toBe(false);
  });
  it('then follows the notice, and takes an expired queue (X.4.7) as returned unless the notice is a delay warning', () => {
    expect(gaveUp(draft('421 4.4.2 Connection dropped', { enhanced: '4.4.2' }), 'final')).toBe(true);
    expect(gaveUp(draft('421 4.4.2 Connection dropped', { enhanced: '4.4.2' }), undefined)).toBe(false);
    expect(gaveUp(draft('retry timeout exceeded', { enhanced: '4.4.7' }), undefined)).toBe(true);
    expect(gaveUp(draft('retry timeout exceeded', { enhanced: '4.4.7' }), 'trying')).toBe(false);
    expect(gaveUp(draft('447 Message timed out', { reply: '447' }), undefined)).toBe(true);
    expect(gaveUp(draft('421 4.7.0 Try again later', { reply: '421', enhanced: '4.7.0' }), undefined)).toBe(false);
  });
});

describe('noticeState', () => {
  it('says final for a notice that calls its failure permanent, trying for a delay warning, and nothing otherwise', () => {
    expect(noticeState('Delivery to the following recipient failed permanently:\n\n  a@b.example')).toBe('final');
    expect(noticeState("This is a permanent error; I've given up. Sorry it didn't work out.")).toBe('final');
    expect(noticeState('Delivery to the following recipient has been delayed:\n  a@b.example')).toBe('trying');
    // A delay warning that mentions a permanent failure in passing is still a delay warning.
    expect(
      noticeState(
        'No action is required on your part. Delivery attempts will continue for some time; a permanent failure will be reported.',
      ),
    ).toBe('trying');
    expect(noticeState('550 5.1.1 User unknown')).toBeUndefined();
  });
  it('says final for a notice that returns the message, unless it says the server is still trying', () => {
    expect(noticeState("The user's mailfolder is full.", true)).toBe('final');
    expect(noticeState('Delivery to the following recipient has been delayed:\n  a@b.example', true)).toBe('trying');
    expect(noticeState('**  THIS IS A WARNING MESSAGE ONLY  **\n\nmailbox full', true)).toBe('trying');
  });
});

describe('retry advice on findings', () => {
  const schedule = (text: string) => analyze(text, k).findings.map((f) => f.retry);
  it("sends a returned message's temporary failure back to the sender, not to a queue", async () => {
    // A Gmail notice of the 2007 kind: "failed permanently" over a TEMP_FAILURE that ran out of retries.
    const notice = [
      'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'To: sender@example.org',
      'Subject: Delivery Status Notification (Failure)',
      '',
      'This is an automatically generated Delivery Status Notification',
      '',
      'Delivery to the following recipient failed permanently:',
      '',
      '     someone@mx.example.net',
      '',
      'Technical details of permanent failure:',
      'TEMP_FAILURE: Could not initiate SMTP conversation with any hosts:',
      '[mx.example.net (1): Connection dropped]',
    ].join('\n');
    const { findings } = await analyzeEmail(notice, k);
    expect(findings.map((f) => [f.recipient, f.verdict, f.retry])).toEqual([
      ['someone@mx.example.net', 'retry', GAVE_UP_SCHEDULE],
    ]);
  });
  it('sends back to the sender a code-less temporary failure in a notice that returns the message', async () => {
    // qmail's "failure notice": no code, no "permanent", but the message comes back below the words.
    const notice = [
      'From: MAILER-DAEMON@mx.example.net',
      'To: sender@example.org',
      'Subject: failure notice',
      '',
      '<someone@example.com>:',
      "The e-mail message could not be delivered because the user's mailfolder is full.",
      '',
      '--- Below this line is a copy of the message.',
      '',
      'Return-Path: <sender@example.org>',
      'From: sender@example.org',
      'To: someone@example.com',
      'Subject: Hello',
      '',
      'Hello.',
    ].join('\n');
    const { findings } = await analyzeEmail(notice, k);
    expect(findings.map((f) => [f.recipient, f.reason, f.verdict, f.retry])).toEqual([
      ['someone@example.com', 'mailboxfull', 'retry', GAVE_UP_SCHEDULE],
    ]);
    // The same words pasted alone (no returned message) keep the queue's schedule.
    expect(
      schedule("someone@example.com: The e-mail message could not be delivered because the user's mailfolder is full."),
    ).toEqual([RETRY_SCHEDULE]);
  });
  it('keeps the queue schedule for a delay, a deferral and a bare temporary reply, and the resend advice for a 5xx', () => {
    expect(schedule('421 4.7.0 Try again later')).toEqual([RETRY_SCHEDULE]);
    expect(
      schedule(
        'Nov 27 10:00:01 mx postfix/smtp[1]: Q1: to=<a@b.example>, dsn=4.4.1, status=deferred (connect to b.example[192.0.2.1]:25: Connection timed out)',
      ),
    ).toEqual([RETRY_SCHEDULE]);
    expect(
      schedule(
        'Action: delayed\nFinal-Recipient: rfc822; a@b.example\nStatus: 4.4.7\nDiagnostic-Code: smtp; 451 Try later',
      ),
    ).toEqual([RETRY_SCHEDULE]);
    expect(schedule('550 This IP has sent too many to too many recipients this hour. IB607')).toEqual([
      RESEND_SCHEDULE,
    ]);
  });
  it("gives the returned message's advice to a report whose action is failed with a temporary status", () => {
    const report =
      'Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 4.4.1\nDiagnostic-Code: X-Postfix; connect to b.example[192.0.2.1]:25: Connection timed out';
    expect(schedule(report)).toEqual([GAVE_UP_SCHEDULE]);
  });
});
