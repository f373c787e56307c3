// The webhook/API JSON reader: one record per recipient, each read on its own.
import { describe, expect, it } from 'vitest';
import { analyze, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { jsonRecords } from '../../src/lib/analyzer/readers/json';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));

// SendGrid's Event Webhook posts a batch of events as one compact array.
const sendgridBatch = JSON.stringify([
  { email: 'a@example.com', event: 'bounce', reason: '500 unknown recipient', status: '5.0.0', type: 'bounce' },
  { email: 'b@example.org', event: 'bounce', reason: '550 5.2.2 mailbox full', status: '5.2.2', type: 'bounce' },
]);

describe('jsonRecords', () => {
  it('is undefined for text that is not JSON, or JSON that names no recipient', () => {
    expect(jsonRecords('550 5.1.1 <a@example.com>: User unknown')).toBeUndefined();
    expect(jsonRecords('{"reason": "550 5.1.1 user unknown"')).toBeUndefined(); // cut short
    expect(jsonRecords('{"reason": "550 5.1.1 user unknown", "from": "me@example.com"}')).toBeUndefined();
    expect(jsonRecords('{\\"emailAddress\\":\\"a@example.com\\"}')).toBeUndefined(); // escaped: read as text
    expect(jsonRecords('')).toBeUndefined();
  });
  it('gives each event of a batch as its own record, in order', () => {
    const records = jsonRecords(sendgridBatch)!;
    expect(records.map((r) => [r.recipient, r.line])).toEqual([
      ['a@example.com', 1],
      ['b@example.org', 1],
    ]);
    expect(JSON.parse(records[1].text)).toMatchObject({ reason: '550 5.2.2 mailbox full' });
    expect(records[0].text).not.toContain('mailbox full');
  });
  it("counts the line where each record's address appears in pretty-printed JSON", () => {
    const pretty = JSON.stringify(JSON.parse(sendgridBatch), null, 2);
    expect(jsonRecords(pretty)!.map((r) => r.line)).toEqual([3, 10]);
  });
  it("lets a record inherit its parent's plain fields (SES's reportingMTA) but not a sibling's", () => {
    const ses = {
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        reportingMTA: 'dsn; a1.example.amazonses.com',
        bouncedRecipients: [
          { emailAddress: 'x@example.com', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
          { emailAddress: 'y@example.com', status: '5.2.2', diagnosticCode: 'smtp; 552 5.2.2 over quota' },
        ],
      },
      mail: { source: 'me@example.net', destination: ['x@example.com', 'y@example.com'] },
    };
    const records = jsonRecords(JSON.stringify(ses))!;
    expect(records.map((r) => r.recipient)).toEqual(['x@example.com', 'y@example.com']);
    const second = JSON.parse(records[1].text);
    expect(second).toMatchObject({ reportingMTA: 'dsn; a1.example.amazonses.com', bounceType: 'Permanent' });
    expect(records[1].text).not.toContain('user unknown');
  });
  it("reads a record's nested details with it, not as records of their own (Mailgun's message headers)", () => {
    const event = {
      'event-data': {
        event: 'failed',
        recipient: 'z@example.com',
        'delivery-status': { code: 550, message: '5.1.1 The email account that you tried to reach does not exist' },
        message: { headers: { to: 'z@example.com', from: 'me@example.net' } },
      },
    };
    const records = jsonRecords(JSON.stringify(event))!;
    expect(records).toHaveLength(1);
    expect(records[0].text).toContain('does not exist');
  });
  it('reads an SES notification that Amazon SNS wraps as a string in its Message field', () => {
    const ses = {
      notificationType: 'Bounce',
      bounce: {
        reportingMTA: 'dsn; a1.example.amazonses.com',
        bouncedRecipients: [
          { emailAddress: 'x@example.com', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
          { emailAddress: 'y@example.com', status: '5.2.2', diagnosticCode: 'smtp; 552 5.2.2 Mailbox full' },
        ],
      },
    };
    const sns = JSON.stringify({ Type: 'Notification', MessageId: 'm1', Message: JSON.stringify(ses) });
    const records = jsonRecords(sns)!;
    expect(records.map((r) => r.recipient)).toEqual(['x@example.com', 'y@example.com']);
    expect(records[0].text).not.toContain('Mailbox full'); // the wrapper's Message is not inherited
    expect(analyze(sns, k).findings.map((f) => [f.recipient, f.enhancedCode])).toEqual([
      ['x@example.com', '5.1.1'],
      ['y@example.com', '5.2.2'],
    ]);
  });
  it('keeps two events for the same address apart', () => {
    const twice = JSON.stringify([
      { email: 'a@example.com', reason: '450 4.2.1 try later' },
      { email: 'a@example.com', reason: '550 5.1.1 user unknown' },
    ]);
    expect(jsonRecords(twice)!.map((r) => r.text.includes('5.1.1'))).toEqual([false, true]);
  });
});

describe('analyze: a batch of webhook events', () => {
  it("credits each event's failure to its own address (the second event's reply is not the first's)", () => {
    const found = analyze(sendgridBatch, k).findings.map((f) => [f.recipient, f.enhancedCode, f.verdict]);
    expect(found).toEqual([
      ['a@example.com', '5.0.0', 'suppress'],
      ['b@example.org', '5.2.2', 'retry'],
    ]);
  });
  it('reads a mail log that happens to start with a brace as a log, not JSON', () => {
    const log = '{not json} postfix/smtp[1]: to=<a@example.com>, status=bounced (host said: 550 5.1.1 User unknown)';
    expect(analyze(log, k).findings.map((f) => f.recipient)).toEqual(['a@example.com']);
  });
});
