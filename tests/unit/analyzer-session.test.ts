// A pasted SMTP session (telnet, swaks, Sendmail's >>>/<<<, smtplib's debug output): only the
// replies that failed are findings, each with the command it answered and the recipient it named.
import { describe, expect, it } from 'vitest';
import { analyze, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { parseSmtpSession, smtpSessionStyle } from '../../src/lib/analyzer/readers/session';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const read = (lines: string[]) =>
  analyze(lines.join('\n'), k).findings.map((f) => ({
    recipient: f.recipient,
    reply: f.replyCode,
    enhanced: f.enhancedCode,
    command: f.command,
    verdict: f.verdict,
    line: f.line,
  }));

const telnet = [
  '220 mx.example.com ESMTP',
  'EHLO mail.example.org',
  '250-mx.example.com Hello',
  '250 PIPELINING',
  'MAIL FROM:<ann@example.org>',
  '250 2.1.0 Ok',
  'RCPT TO:<bob@example.com>',
  '250 2.1.5 Ok',
  'DATA',
  '354 End data with <CR><LF>.<CR><LF>',
  'Subject: test',
  '',
  '550 5.1.1 this line is the message body, not a reply',
  '.',
  '554 5.7.1 Message rejected as spam',
  'QUIT',
  '221 2.0.0 Bye',
];

describe('a pasted SMTP session', () => {
  it('gives only the failed reply, with its command and the accepted recipient; the message body is not read', () => {
    expect(read(telnet)).toEqual([
      {
        recipient: 'bob@example.com',
        reply: '554',
        enhanced: '5.7.1',
        command: 'DATA',
        verdict: expect.not.stringMatching(/^none$/),
        line: 15,
      },
    ]);
  });

  it('credits a refused RCPT to its own address, and drops the 503 that only follows from it', () => {
    const session = [
      '>>> MAIL From:<ann@example.org> SIZE=120',
      '<<< 250 2.1.0 Ok',
      '>>> RCPT To:<bob@example.com>',
      '<<< 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown',
      '550 5.1.1 <carol@example.com>... a note under the session, not part of it',
      '>>> DATA',
      '<<< 503 5.5.1 Error: need RCPT command',
    ];
    expect(read(session)).toEqual([
      expect.objectContaining({
        recipient: 'bob@example.com',
        reply: '550',
        enhanced: '5.1.1',
        command: 'RCPT',
        line: 4,
      }),
    ]);
  });

  it('pairs pipelined replies with their commands in order, and reports the delivery the server took', () => {
    const session = [
      'C: MAIL FROM:<ann@example.org>',
      'C: RCPT TO:<bob@example.com>',
      'C: RCPT TO:<carol@example.com>',
      'C: DATA',
      'S: 250 2.1.0 Ok',
      'S: 450 4.2.2 <bob@example.com>: mailbox full, try later',
      'S: 250 2.1.5 Ok',
      'S: 354 go ahead',
      'C: .',
      'S: 250 2.0.0 Ok: queued as 4B2C',
    ];
    expect(read(session)).toEqual([
      expect.objectContaining({ recipient: 'bob@example.com', reply: '450', command: 'RCPT', verdict: 'retry' }),
      expect.objectContaining({ recipient: 'carol@example.com', reply: '250', command: 'DATA', verdict: 'none' }),
    ]);
  });

  it("reads swaks' arrows and its <** mark on an error, and joins a multi-line reply", () => {
    const session = [
      '=== Trying gmail-smtp-in.l.google.com:25...',
      '<-  220 mx.google.com ESMTP a1si1 - gsmtp',
      ' -> EHLO mail.example.org',
      '<-  250 mx.google.com at your service',
      ' -> MAIL FROM:<ann@example.org>',
      '<-  250 2.1.0 OK a1si1 - gsmtp',
      ' -> RCPT TO:<nobody@gmail.com>',
      '<** 550-5.1.1 The email account that you tried to reach does not exist. Please try',
      "<** 550-5.1.1 double-checking the recipient's email address for typos or",
      '<** 550 5.1.1 unnecessary spaces. a1si1 - gsmtp',
      ' -> QUIT',
      '<-  221 2.0.0 closing connection a1si1 - gsmtp',
    ];
    const [f, ...more] = analyze(session.join('\n'), k).findings;
    expect(more).toEqual([]);
    expect(f).toMatchObject({
      recipient: 'nobody@gmail.com',
      replyCode: '550',
      enhancedCode: '5.1.1',
      command: 'RCPT',
    });
    expect(f.text).toContain('double-checking the recipient');
    expect(f.text).toContain('unnecessary spaces');
    expect(f.reason).toBe('userunknown');
  });

  it("reads Python smtplib's debug lines (send: 'mail FROM:…', reply: b'550 …')", () => {
    const session = [
      "send: 'ehlo mail.example.org\\r\\n'",
      "reply: b'250-mx.example.com\\r\\n'",
      "reply: b'250 SMTPUTF8\\r\\n'",
      "send: 'mail FROM:<ann@example.org> size=120\\r\\n'",
      "reply: b'550 5.7.1 Sender address rejected: not owned by user\\r\\n'",
      'reply: retcode (550); Msg: b"5.7.1 Sender address rejected: not owned by user"',
      "send: 'rcpt TO:<bob@example.com>\\r\\n'",
      "reply: b'503 5.5.1 Error: need MAIL command\\r\\n'",
    ];
    const findings = read(session);
    expect(findings).toEqual([
      expect.objectContaining({ recipient: undefined, reply: '550', enhanced: '5.7.1', command: 'MAIL', line: 5 }),
    ]);
  });

  it('says a refused greeting answered the connection', () => {
    const session = [
      '554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org',
      'EHLO mail.example.org',
      '503 5.5.1 bad sequence',
      'MAIL FROM:<ann@example.org>',
      '503 5.5.1 bad sequence',
    ];
    expect(read(session)).toEqual([expect.objectContaining({ reply: '554', command: 'CONN', line: 1 })]);
  });

  it('leaves alone a text that only names a command, and Sendmail notices (their own reader reads them)', () => {
    const notice = [
      'The original message was received at Fri, 2 Oct 2015 04:39:57 +0900',
      '   ----- Transcript of session follows -----',
      '... while talking to mx.example.com.:',
      '>>> RCPT To:<bob@example.com>',
      '<<< 550 5.1.1 User unknown',
      '>>> DATA',
      '<<< 503 need RCPT command',
    ];
    expect(smtpSessionStyle(notice)).toBeUndefined();
    expect(
      smtpSessionStyle(['host mx said: 550 5.1.1 unknown (in reply to RCPT TO command)', 'RCPT TO:<a@b.example>']),
    ).toBe(undefined);
    expect(smtpSessionStyle(telnet)).toEqual({ marked: false });
  });

  it('keeps the message body out even when its lines look like commands, and reads on after its "."', () => {
    const lines = ['MAIL FROM:<a@x.example>', '250 ok', 'RCPT TO:<b@y.example>', '250 ok', 'DATA', '354 go'];
    lines.push('RCPT TO:<c@z.example>', '550 5.1.1 quoted in the body', '.', '452 4.3.1 Insufficient system storage');
    expect(parseSmtpSession(lines, { marked: false })).toEqual([
      expect.objectContaining({ recipient: 'b@y.example', reply: '452', enhanced: '4.3.1', command: 'DATA', line: 10 }),
    ]);
  });
});
