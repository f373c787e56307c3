// Complaints and other feedback reports are not bounces: no finding, and the analysis says who
// complained. Webhook payloads are the ESPs' own examples, as django-anymail's tests keep them
// (anymail/django-anymail tests/test_*_webhooks.py at 0a07e84680e51f2e9d3d382c9fc2d1e560ef0232,
// BSD-3-Clause, checked 2026-12-03); the ARF emails are sisimai's (tests/fixtures/sisimai).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { analysisSummary } from '../../src/lib/analysis-summary';
import { headerFields } from '../../src/lib/analyzer/header-fields';
import { feedbackReport, jmrpComplaint } from '../../src/lib/analyzer/readers/feedback';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const arf = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/sisimai/maildir/bsd/${name}.eml`));
const rows = (text: string) =>
  analyze(text, k).findings.map((f) => [f.recipient, f.replyCode, f.enhancedCode, f.reason, f.verdict]);

describe('headerFields (the one reader of a header block: a returned message, a report part)', () => {
  it('unfolds, keeps repeats in order, lower-cases names and stops at the first blank line', () => {
    const text =
      '\r\nOriginal-Rcpt-To: <a@example.com>\r\nSubject: two\r\n lines\r\nno colon here\r\nORIGINAL-RCPT-TO:b@example.org\r\n\r\nTo: body@example.net\r\n';
    expect(headerFields(text)).toEqual([
      { name: 'original-rcpt-to', value: '<a@example.com>' },
      { name: 'subject', value: 'two lines' },
      { name: 'original-rcpt-to', value: 'b@example.org' },
    ]);
    expect(headerFields('')).toEqual([]);
  });
});

describe('feedbackReport', () => {
  it('reads the type and the Original-Rcpt-To addresses, folded or in angle brackets', () => {
    const fields =
      'Feedback-Type: Abuse\nUser-Agent: SomeFBL/1.0\nOriginal-Rcpt-To: <a@example.com>\nOriginal-Rcpt-To:\n  b@example.org\n';
    expect(feedbackReport(fields)).toEqual({ type: 'abuse', recipients: ['a@example.com', 'b@example.org'] });
  });
  it("names the returned message's To when the report names no recipient, each address once", () => {
    const to = ['Jane <jane@example.com>', 'jane@example.com', 'not an address'];
    expect(feedbackReport('Feedback-Type: abuse\n', to)).toEqual({ type: 'abuse', recipients: ['jane@example.com'] });
  });
  it('names no one for an authentication failure report, and calls a report without a type "other"', () => {
    expect(feedbackReport('Feedback-Type: auth-failure\n', ['dmarc@example.com'])).toEqual({
      type: 'auth-failure',
      recipients: [],
    });
    expect(feedbackReport('Version: 1\n').type).toBe('other');
  });
  it('takes an address alone or in angle brackets from a field, nothing else', () => {
    const named = (value: string) => feedbackReport(`Feedback-Type: abuse\nOriginal-Rcpt-To: ${value}\n`).recipients;
    expect(named(' <x@example.com> ')).toEqual(['x@example.com']);
    expect(named('"X" <x@example.com>')).toEqual(['x@example.com']);
    expect(named('x at example.com')).toEqual([]);
  });
});

describe('ARF emails (message/feedback-report)', () => {
  it('gives no finding for a spam complaint, and the recipient it names', async () => {
    const a = await analyzeEmail(arf('arf-01'), k);
    expect([a.findings, a.feedback]).toEqual([[], { type: 'abuse', recipients: ['redacted@example.net'] }]);
  });
  it('lists every Original-Rcpt-To of a report about several recipients', async () => {
    const a = await analyzeEmail(arf('arf-16'), k);
    expect(a.findings).toEqual([]);
    expect(a.feedback?.recipients).toHaveLength(7);
    expect(a.feedback?.recipients[0]).toBe('kijitora@example.com');
  });
  it('tells a DMARC failure report and an opt-out from a complaint', async () => {
    expect((await analyzeEmail(arf('arf-20'), k)).feedback).toEqual({ type: 'auth-failure', recipients: [] });
    expect((await analyzeEmail(arf('arf-12'), k)).feedback?.type).toBe('opt-out');
  });
  it("reads Microsoft's complaint (JMRP): the message alone, its complainer in X-HmXmrOriginalRecipient", async () => {
    const a = await analyzeEmail(arf('arf-23'), k);
    expect([a.findings, a.feedback]).toEqual([[], { type: 'abuse', recipients: ['kijitora@example.com'] }]);
    expect(jmrpComplaint('X-HmXmrOriginalRecipient:\n <a@example.com>\nTo: b@example.com\n\nbody')).toEqual({
      type: 'abuse',
      recipients: ['a@example.com'],
    });
    // Only in the header: the same words in the body are not the field.
    expect(jmrpComplaint('To: b@example.com\n\nX-HmXmrOriginalRecipient: a@example.com\n')).toBeUndefined();
  });
  it('keeps a bounce a bounce when its returned message happens to carry that header', async () => {
    const email = [
      'From: MAILER-DAEMON@example.org',
      'To: sender@example.com',
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.org',
      '',
      'Final-Recipient: rfc822; gone@example.org',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
      '--b',
      'Content-Type: message/rfc822',
      '',
      'X-HmXmrOriginalRecipient: someone@example.net',
      'To: gone@example.org',
      'Subject: hi',
      '',
      'hi',
      '--b--',
      '',
    ].join('\r\n');
    const a = await analyzeEmail(new TextEncoder().encode(email), k);
    expect(a.feedback).toBeUndefined();
    expect(a.findings.map((f) => [f.recipient, f.enhancedCode])).toEqual([['gone@example.org', '5.1.1']]);
  });
  it("reads an SES complaint sent by email (SNS), its long JSON line broken by Sendmail's '!'", async () => {
    const a = await analyzeEmail(arf('lhost-amazonses-11'), k);
    expect([a.findings, a.feedback]).toEqual([
      [],
      { type: 'abuse', recipients: ['complaint@simulator.amazonses.com'] },
    ]);
    // An SES bounce sent the same way is still a bounce.
    const bounce = await analyzeEmail(arf('lhost-amazonses-09'), k);
    expect(bounce.feedback).toBeUndefined();
    expect(bounce.findings.length).toBeGreaterThan(0);
  });
  it('leaves a bounce without a feedback report alone', async () => {
    const bounce = await analyzeEmail(
      new Uint8Array(readFileSync('tests/fixtures/sisimai/maildir/bsd/lhost-postfix-01.eml')),
      k,
    );
    expect(bounce.feedback).toBeUndefined();
    expect(bounce.findings.length).toBeGreaterThan(0);
  });
});

describe('complaint events in webhook JSON', () => {
  const postmarkComplaint = {
    RecordType: 'SpamComplaint',
    ID: 901542550,
    Type: 'SpamComplaint',
    TypeCode: 512,
    Name: 'Spam complaint',
    Tag: 'Test',
    MessageID: '2706ee8a-737c-4285-b032-ccd317af53ed',
    ServerID: 1234,
    Description: '',
    Details: 'Test spam complaint details',
    Email: 'spam@example.com',
    From: 'sender@example.com',
    BouncedAt: '2016-04-27T16:28:50.3963933-04:00',
    DumpAvailable: true,
    Inactive: true,
    CanActivate: false,
    Subject: 'Postmark event test',
  };
  const sesComplaint = {
    notificationType: 'Complaint',
    complaint: {
      userAgent: 'AnyCompany Feedback Loop (V0.01)',
      complainedRecipients: [{ emailAddress: 'richard@example.com' }],
      complaintFeedbackType: 'abuse',
    },
    mail: {
      messageId: '000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000',
      destination: ['jane@example.com', 'mary@example.com', 'richard@example.com'],
    },
  };
  // SNS wraps the notification as a JSON string in "Message".
  const sns = {
    Type: 'Notification',
    MessageId: '19ba9823-d7f2-53c1-860e-cb10e0d13dfc',
    Message: `${JSON.stringify(sesComplaint)}\n`,
  };

  it("reads Postmark's SpamComplaint as a complaint, not a spam block (it was a fix-sender failure)", () => {
    const a = analyze(JSON.stringify(postmarkComplaint, null, 2), k);
    expect([a.findings, a.feedback]).toEqual([[], { type: 'abuse', recipients: ['spam@example.com'] }]);
  });
  it("reads an SES complaint delivered through SNS: only the complained recipient, not the message's others", () => {
    const a = analyze(JSON.stringify(sns), k);
    expect([a.findings, a.feedback]).toEqual([[], { type: 'abuse', recipients: ['richard@example.com'] }]);
  });
  it('knows the complaint event of SendGrid, SparkPost and Mailgun by its type (as anymail maps them)', () => {
    const sendgrid = [{ email: 'a@example.com', timestamp: 1513299569, event: 'spamreport', sg_event_id: 'x' }];
    const sparkpost = [
      { msys: { message_event: { type: 'spam_complaint', rcpt_to: 'b@example.com', raw_rcpt_to: 'b@example.com' } } },
    ];
    const mailgun = { 'event-data': { event: 'complained', recipient: 'c@example.com', timestamp: 1521243339.87 } };
    expect(analyze(JSON.stringify(sendgrid), k).feedback?.recipients).toEqual(['a@example.com']);
    expect(analyze(JSON.stringify(sparkpost), k).feedback?.recipients).toEqual(['b@example.com']);
    expect(analyze(JSON.stringify(mailgun), k).feedback?.recipients).toEqual(['c@example.com']);
  });
  it("keeps a batch's failures beside its complaints, and the summary tells both", () => {
    const batch = [
      {
        email: 'gone@example.com',
        event: 'bounce',
        reason: '550 5.1.1 The email account that you tried to reach does not exist.',
        status: '5.1.1',
        type: 'bounce',
      },
      { email: 'angry@example.com', event: 'spamreport', timestamp: 1513299569 },
      { email: 'ok@example.com', event: 'delivered', response: '250 OK' },
    ];
    const a = analyze(JSON.stringify(batch, null, 2), k);
    expect(a.findings.filter((f) => f.verdict !== 'none').map((f) => [f.recipient, f.enhancedCode, f.verdict])).toEqual(
      [['gone@example.com', '5.1.1', 'suppress']],
    );
    expect(a.feedback).toEqual({ type: 'abuse', recipients: ['angry@example.com'] });
    expect(analysisSummary(a.findings, { feedback: a.feedback })).toMatch(
      /^1 failure found: 550 5\.1\.1, .*Also 1 spam complaint: stop sending to that address\.$/,
    );
  });
});

describe("the ESPs' own bounce, delay, delivery and suppression events", () => {
  it('Postmark: a hard bounce is a dead address, a delivery is no failure', () => {
    const bounce = {
      RecordType: 'Bounce',
      ID: 901542550,
      Type: 'HardBounce',
      TypeCode: 1,
      ServerID: 23,
      Name: 'Hard bounce',
      MessageID: '2706ee8a-737c-4285-b032-ccd317af53ed',
      Description: 'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
      Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.',
      Email: 'bounce@example.com',
      From: 'sender@example.com',
      BouncedAt: '2016-04-27T16:28:50.3963933-04:00',
      DumpAvailable: true,
      Inactive: true,
      CanActivate: true,
      Subject: 'Postmark event test',
      Content: '...',
    };
    expect(rows(JSON.stringify(bounce, null, 2))).toEqual([
      ['bounce@example.com', '550', '5.1.1', 'userunknown', 'suppress'],
    ]);
    const delivery = {
      RecordType: 'Delivery',
      ServerId: 23,
      MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
      Recipient: 'recipient@example.com',
      Tag: 'welcome-email',
      Metadata: { cohort: '2014-08-A', userid: '12345' },
      DeliveredAt: '2014-08-01T13:28:10.2735393-04:00',
      Details: 'Test delivery webhook details',
    };
    expect(analyze(JSON.stringify(delivery), k)).toMatchObject({ findings: [] });
  });
  it('SparkPost: one finding per event, from raw_reason beside the redacted reason', () => {
    const event = (e: object) => JSON.stringify([{ msys: { message_event: e } }]);
    const bounce = event({
      type: 'bounce',
      bounce_class: '10',
      error_code: '550',
      raw_rcpt_to: 'bounce@example.com',
      raw_reason: '550 5.1.1 <bounce@example.com>: Recipient address rejected: User unknown',
      rcpt_to: 'bounce@example.com',
      reason: '550 5.1.1 ...@... Recipient address rejected: ...',
    });
    expect(rows(bounce)).toEqual([['bounce@example.com', '550', '5.1.1', 'userunknown', 'suppress']]);
    const delay = event({
      type: 'delay',
      bounce_class: '21',
      error_code: '454',
      raw_rcpt_to: 'recipient@nomx.example.com',
      raw_reason: '454 4.4.4 [internal] no MX or A for domain',
      rcpt_to: 'recipient@nomx.example.com',
      reason: '454 4.4.4 [internal] no MX or A for domain',
    });
    expect(rows(delay).map((r) => [r[0], r[2], r[4]])).toEqual([['recipient@nomx.example.com', '4.4.4', 'retry']]);
    const delivery = event({
      type: 'delivery',
      rcpt_to: 'recipient@example.com',
      raw_rcpt_to: 'Recipient@example.com',
    });
    expect(rows(delivery)).toEqual([]);
  });
  it("reads a sending service's own suppression as the address staying suppressed, not a policy block", () => {
    // SparkPost refuses to send to an address on its suppression list (it was fix-sender, securityerror).
    const sparkpost = JSON.stringify([
      {
        msys: {
          gen_event: {
            type: 'generation_rejection',
            error_code: '554',
            raw_rcpt_to: 'suppressed@example.com',
            raw_reason: '554 5.7.1 recipient address suppressed due to customer policy',
            rcpt_to: 'suppressed@example.com',
            reason: '554 5.7.1 recipient address suppressed due to customer policy',
          },
        },
      },
    ]);
    expect(rows(sparkpost)).toEqual([['suppressed@example.com', '554', '5.7.1', 'suppressed', 'suppress']]);
    // SendGrid drops a message to an address on one of its lists (it was no finding, or fix-sender).
    const unsubscribed = JSON.stringify([
      { email: 'unsubscribe@example.com', reason: 'Unsubscribed Address', event: 'dropped' },
    ]);
    expect(rows(unsubscribed)).toEqual([['unsubscribe@example.com', undefined, '5.0.0', 'suppressed', 'suppress']]);
    const bounced = JSON.stringify([
      { email: 'example@test.com', event: 'dropped', reason: 'Bounced Address', status: '5.0.0' },
    ]);
    expect(rows(bounced)).toEqual([['example@test.com', undefined, '5.0.0', 'suppressed', 'suppress']]);
  });
});
