// Readers added for issue 7 (formats the analyzer never saw): each with the real line it reads,
// the result it must give, and the input it must leave alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { addressBelow, eximLogRecipient } from '../../src/lib/analyzer/readers/words';
import { isSendmailTranscript, parseSendmailTranscript } from '../../src/lib/analyzer/readers/sendmail-v5';
import { lineNaming, quotedLastReply, statusNote } from '../../src/lib/analyzer/readers/dsn';
import { unquoted } from '../../src/lib/analyzer/quoted-notice';
import { ruleOf } from '../../src/lib/analyzer/rules';
import { BOUNCE_MARKERS, FAILED_TO, LOG_FAILURE, remoteHostIn } from '../../src/lib/analyzer/patterns';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const sisimai = async (file: string) =>
  (await analyzeEmail(new Uint8Array(readFileSync(`tests/fixtures/sisimai/maildir/bsd/${file}`)), k)).findings.map(
    (f) => [f.recipient, f.enhancedCode, f.replyCode, f.reason, f.verdict],
  );

/** A delivery status notification: its human part, then the report with these recipient fields. */
const dsnReport = (fields: string, human = 'Your message was not delivered.') =>
  [
    'From: MAILER-DAEMON@gw.example.net',
    'Subject: Delivery report',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    human,
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; gw.example.net',
    '',
    fields,
    '--b--',
    '',
  ].join('\r\n');

describe('DSN: the comment after the Status code', () => {
  it('is the diagnostic when it says why', () => {
    expect(statusNote(' 4.0.0 (cat.example.net: host name lookup failure)')).toBe(
      'cat.example.net: host name lookup failure',
    );
  });
  it('says nothing when it only repeats the class, is one word, or is not closed', () => {
    expect(statusNote(' 5.0.0 (permanent failure)')).toBeUndefined();
    expect(statusNote(' 4.4.7 (Transient Error)')).toBeUndefined();
    expect(statusNote(' 5.1.1 (unknown)')).toBeUndefined();
    expect(statusNote(' 5.1.1 (host name lookup')).toBeUndefined();
    expect(statusNote(' 5.1.1')).toBeUndefined();
  });
  it('gives a block without a Diagnostic-Code its reason (RFC 3464 report with three recipients)', async () => {
    expect((await sisimai('rfc3464-35.eml'))[1]).toEqual([
      'sabatora@cat.example.net',
      '4.0.0',
      undefined,
      'networkerror',
      'retry',
    ]);
  });
});

describe('DSN: fields some servers fill in their own way', () => {
  const read = async (fields: string) =>
    (await analyzeEmail(new TextEncoder().encode(dsnReport(fields)), k)).findings.map((f) => [
      f.recipient,
      f.enhancedCode,
      f.replyCode,
      f.reason,
    ]);
  it("an X.400 gateway's X400-Supplementary-Info gives the SMTP error, with its specific code", async () => {
    const fields = [
      'Final-Recipient: rfc822;someone@example.com',
      'Action: failed',
      'Diagnostic-Code: Reason 1 (Unable-To-Transfer); Diagnostic -1 (Unknown)',
      'Status: 5.0.0',
      'X400-Supplementary-Info: "MTA \'192.0.2.7\' gives error message 5.7.1 Unable to relay for someone(a)example.com"',
      '',
    ].join('\r\n');
    expect(await read(fields)).toEqual([['someone@example.com', '5.7.1', undefined, 'norelaying']]);
    // An SMTP diagnostic is the remote's own words already: the field adds nothing to it.
    const smtp = fields.replace(/Diagnostic-Code: .*/, 'Diagnostic-Code: smtp; 550 5.1.1 no such user');
    expect(await read(smtp)).toEqual([['someone@example.com', '5.1.1', '550', 'userunknown']]);
  });
  it('a folded Diagnostic-Code unfolds with one space, whatever white space ends its lines', async () => {
    const fields = [
      'Final-Recipient: rfc822;someone@example.com',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does   ',
      '    not exist. Please try double-checking the address',
      '',
    ].join('\r\n');
    const [f] = (await analyzeEmail(new TextEncoder().encode(dsnReport(fields)), k)).findings;
    expect(f.text).toBe(
      '550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the address',
    );
  });
  it('a Status that holds a reply code and words instead of an enhanced code gives both', async () => {
    const fields = [
      'Final-Recipient: rfc822;someone@example.be',
      'Action: failure',
      'Status: 553 Exceeded maximum inbound message size',
      '',
    ];
    expect(await read(fields.join('\r\n'))).toEqual([['someone@example.be', undefined, '553', 'mesgtoobig']]);
  });
});

describe('word rules rewritten so recheck proves them linear', () => {
  it('still read a mail loop and a connection that timed out or was refused, as the old gaps did', () => {
    expect(ruleOf('mail for example.com loops back to myself')?.code).toBe('5.4.6');
    expect(ruleOf('Connection to mx.example.com[192.0.2.1] timed out')?.code).toBe('4.4.1');
    expect(ruleOf('connect to mx.example.com[192.0.2.1]:25: timed out')?.code).toBe('4.4.1');
    expect(ruleOf('connect to mx.example.com refused')?.code).toBe('4.4.1');
    // SPF and DKIM: the failure word within 60 characters after the name, on the same line.
    expect(ruleOf('SPF validation for example.com did not pass')?.code).toBe('5.7.23');
    expect(ruleOf('Message rejected: prohibited by SPF')?.code).toBe('5.7.23');
    expect(ruleOf(`SPF record found for example.com${' and more'.repeat(8)} error`)).toBeUndefined();
    expect(ruleOf('spf: pass\nconnection error')?.code).not.toBe('5.7.23');
    expect(ruleOf('DKIM signature verification failed')?.code).toBe('5.7.20');
    expect(ruleOf('message has no valid DKIM signature')?.code).toBe('5.7.20');
    expect(ruleOf('spf '.repeat(1000))).toBeUndefined();
    // A failure word after another mechanism's name is that mechanism's (the old gap read it as SPF's).
    expect(ruleOf('Authentication results: SPF=pass DKIM=fail')?.code).toBe('5.7.20');
    expect(ruleOf('spf=pass dmarc=fail (p=reject)')?.code).toBe('5.7.26');
    expect(ruleOf('dkim=pass spf=fail')?.code).toBe('5.7.23');
    // A connection that was made and then closed is not one that could not be made.
    expect(ruleOf('connection to mx.example.com closed')?.code).not.toBe('4.4.1');
  });
});

describe("a notice's lines that are not its failure", () => {
  it("a virus scanner's footer meets no word rule; a line that says a virus was found does", () => {
    expect(ruleOf('Este mensaje ha sido analizado con  NOD32 antivirus system')).toBeUndefined();
    expect(ruleOf('This message has been scanned by Example Anti-Virus')).toBeUndefined();
    expect(ruleOf('Checked by ExampleScan: virus free')).toBeUndefined();
    expect(ruleOf('550 Message rejected: a virus was detected (scanned by Example antivirus)')?.code).toBe('5.6.0');
    expect(ruleOf('Virus found in attachment')?.code).toBe('5.6.0');
    // Only the footer is set aside: a whole notice that also holds it still reads by its refusal.
    expect(ruleOf('550 user unknown\nThis message has been scanned by Example Anti-Virus')?.code).toBe('5.1.1');
  });
  it('a report whose only words are a scanner footer takes its Status, not the footer, as its text', async () => {
    const human = [
      'Delivery to the following recipients failed.',
      '',
      '       someone@example.com',
      '',
      'This message was analyzed with Example antivirus system',
    ].join('\r\n');
    const email = dsnReport(
      'Final-Recipient: rfc822;someone@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n',
      human,
    );
    const [f] = (await analyzeEmail(new TextEncoder().encode(email), k)).findings;
    expect(f).toMatchObject({ recipient: 'someone@example.com', enhancedCode: '5.1.1', reason: 'userunknown' });
    expect(f.text).not.toMatch(/antivirus/);
  });
});

describe('DSN: an address nobody can write to is not the recipient when a usable one is given', () => {
  it('a source-routed internal address (Messaging Server "@host:user@ims_daemon") yields to Original-Recipient', async () => {
    const email = dsnReport(
      [
        'Original-recipient: rfc822;someone@example.net',
        'Final-recipient: rfc822;@store1.example.net:someone@ims_daemon',
        'Action: failed',
        'Status: 5.2.0',
        'Diagnostic-code: smtp;522 5.2.0 Delivery failed: Over quota',
        '',
      ].join('\r\n'),
    );
    const [f] = (await analyzeEmail(new TextEncoder().encode(email), k)).findings;
    expect(f).toMatchObject({ recipient: 'someone@example.net', reason: 'mailboxfull', verdict: 'retry' });
  });
});

describe("Postfix's notice wrapped at 80 columns", () => {
  const notice = (...lines: string[]) => ['                   The mail system', '', ...lines].join('\n');
  const facts = (text: string) =>
    analyze(text, k).findings.map((f) => [f.recipient, f.replyCode, f.enhancedCode, f.verdict, f.command, f.remoteMta]);
  // A reply that quotes the next hop's reply on its wrapped lines.
  const NESTED = notice(
    '<ann@one.example>: host mx2.one.example[192.0.2.2] said: 550',
    '    5.1.1 <ann@one.example>: Recipient address rejected: undeliverable',
    '    address: host mda.one.example[10.0.0.6] said: 550 unknown user (in',
    '    reply to RCPT TO command) (in reply to RCPT TO command)',
  );
  // Gmail's multi-line reply, wrapped by Postfix, with the command after its last line.
  const DMARC = notice(
    '<ann@one.example>: host mx.one.example[192.0.2.9] said:',
    "    550-5.7.26 Unauthenticated email from one.example is not accepted due to domain's",
    '    550-5.7.26 DMARC policy. Please visit the 550 5.7.26 DMARC initiative.',
    '    v10si945962ejq.756 - gsmtp (in reply to',
    '    end of DATA command)',
  );

  it('takes the enhanced code that opens the wrapped line after the reply code', () => {
    const text = notice(
      '<ann@one.example>: host mx1.one.example[192.0.2.1] said: 550',
      '    5.1.1 <ann@one.example>: Recipient address rejected: User',
      '    unknown (in reply to RCPT TO command)',
    );
    expect(facts(text)).toEqual([['ann@one.example', '550', '5.1.1', 'suppress', 'RCPT', 'mx1.one.example']]);
    // Only an enhanced code of the reply's class, and only right after the code.
    expect(facts(text.replace('    5.1.1', '    4.1.1'))[0][2]).toBeUndefined();
    expect(facts(text.replace('said: 550', 'said: 550 Sorry,'))[0][2]).not.toBe('5.1.1');
  });

  it("keeps a reply that quotes the next hop's reply in its wrapped words as one failure", () => {
    expect(facts(NESTED)).toEqual([['ann@one.example', '550', '5.1.1', 'suppress', 'RCPT', 'mx2.one.example']]);
  });

  it('takes qmail\'s "(#5.1.1)" after a reply code, on its line or the wrapped one', () => {
    const line =
      '<ann@one.example>: host mail.one.example[192.0.2.4] said: 511 sorry, no mailbox here by that name (#5.1.1 - chkuser)';
    expect(facts(line)[0].slice(0, 4)).toEqual(['ann@one.example', '511', '5.1.1', 'suppress']);
    const wrapped = notice(
      '<ann@one.example>: host mail.one.example[192.0.2.4] said: 511 sorry, no',
      '    mailbox here by that name (#5.1.1 - chkuser) (in reply to RCPT TO command)',
    );
    expect(facts(wrapped)[0].slice(0, 5)).toEqual(['ann@one.example', '511', '5.1.1', 'suppress', 'RCPT']);
  });

  it("starts the next recipient's reply even when a multi-line reply above never sent its last line", () => {
    // The remote folded its "550-" lines into its text, so the reply above looks unfinished.
    const block = (to: string) => [
      `<${to}>: host mx.one.example[192.0.2.5] said: 550-The mail server`,
      `    could not deliver mail to ${to}.  The account 550-or domain may`,
      '    not exist. (in reply to RCPT TO command)',
    ];
    const text = notice(...block('ann@one.example'), '', ...block('bob@one.example'));
    expect(facts(text).map((f) => f.slice(0, 2))).toEqual([
      ['ann@one.example', '550'],
      ['bob@one.example', '550'],
    ]);
  });

  it('names the remote host when "host" ended the line before', () => {
    const text = notice(
      '<ann@one.example>: host',
      '    inbound.one.example[192.0.2.3] said: 452 4.2.2 The email account that you',
      '    tried to reach is over quota. (in reply to RCPT TO command)',
    );
    expect(facts(text)[0][5]).toBe('inbound.one.example');
  });

  it('names the remote host of the line above when the reply starts on the wrapped line', () => {
    const said = notice(
      '<ann@one.example>: host alt1.mx.one.example[192.0.2.6] said:',
      '    450-4.2.1 The user you are trying to contact is receiving mail at a rate',
      '    that 450-4.2.1 prevents additional messages from being delivered. (in reply to',
      '    RCPT TO command)',
    );
    expect(facts(said)).toEqual([['ann@one.example', '450', '4.2.1', 'retry', 'RCPT', 'alt1.mx.one.example']]);
    const host = notice(
      '<ann@one.example>: host mx.one.example[192.0.2.7]',
      '    said: 550 Your host is not allowed to connect to this server. (in reply to',
      '    RCPT TO command)',
    );
    expect(facts(host)[0][5]).toBe('mx.one.example');
    // Outside a recipient's block, a reply that is not a wrapped line has nothing to do with the line above it.
    expect(facts('Last contact: host alt1.mx.one.example[192.0.2.6] said:\n450 4.2.1 Try later')[0][5]).toBeUndefined();
  });

  it('reads a block whose wrapped lines lost their indentation (copied out of a ticket or a forum) the same', () => {
    const unindented = (text: string) => text.replace(/^[ \t]+/gm, '');
    for (const text of [
      NESTED,
      DMARC,
      // No code at all: the words reader takes the block's wrapped words too.
      notice(
        '<ann@one.example>: Host or domain name not found. Name service error for',
        '    name=mx.one.example type=A: Host not found, try again',
      ),
      // An alias's member: "(expanded from <list@…>)" before the colon.
      notice(
        '<ann@one.example> (expanded from <team@two.example>): host',
        '    mx.one.example[192.0.2.9] said: 550-5.7.25',
        '    [192.0.2.202] The IP address sending this message does not have a',
        '    550-5.7.25 PTR record setup. For more information, go to 550 5.7.25',
        '    https://support.example/answer/81126 - gsmtp (in reply to',
        '    end of DATA command)',
      ),
      // A wrapped line that opens with the block's own address is still the block's reply.
      notice(
        '<ann@one.example>: host mx.one.example[192.0.2.9] said: 550',
        '    <ann@one.example>: Recipient address rejected: User unknown (in reply to RCPT',
        '    TO command)',
      ),
    ])
      expect(facts(unindented(text))).toEqual(facts(text));
    // Exim's block, unindented: a reply that stops at a colon goes on on the next line.
    const exim = [
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  ann@one.example',
      '    SMTP error from remote mail server after RCPT TO:<ann@one.example>:',
      '    host mx.one.example [192.0.2.5]: 550 <ann@one.example>:',
      '    Recipient address rejected: User unknown in virtual alias table',
    ].join('\n');
    const eximFacts = (text: string) =>
      analyze(text, k).findings.map((f) => [f.recipient, f.replyCode, f.reason, f.verdict]);
    expect(eximFacts(exim)).toEqual([['ann@one.example', '550', 'userunknown', 'suppress']]);
    expect(eximFacts(unindented(exim))).toEqual(eximFacts(exim));
    // Another recipient's address opens that recipient's block, blank line or not.
    const two = notice(
      '<ann@one.example>: host mx.one.example[192.0.2.9] said: 550 5.1.1 User unknown',
      '<bob@one.example>: host mx.one.example[192.0.2.9] said: 452 4.2.2 Mailbox full',
    );
    expect(facts(two).map((f) => [f[0], f[2]])).toEqual([
      ['ann@one.example', '5.1.1'],
      ['bob@one.example', '4.2.2'],
    ]);
    // qmail's "<a@b>:" alone opens no such block: its next sentences stay apart from the reply.
    const qmail = [
      '<ann@one.example>:',
      '192.0.2.1 does not like recipient.',
      'Remote host said: 550 5.1.1 no mailbox here',
      'Giving up on 192.0.2.1.',
    ];
    expect(analyze(qmail.join('\n'), k).findings[0].text).not.toContain('Giving up');
  });

  it('names the host Postfix lost the connection or conversation with', () => {
    for (const [before, after] of [
      ['lost connection with', 'while receiving the initial server greeting'],
      ['conversation with', 'timed out while receiving the initial server greeting'],
    ]) {
      const text = notice(`<ann@one.example>: ${before} mx.one.example[192.0.2.8]`, `    ${after}`);
      expect(facts(text)[0][5]).toBe('mx.one.example');
    }
  });

  it('keeps the wrapped words after the last line of a multi-line reply: its command is there', () => {
    expect(facts(DMARC)).toEqual([['ann@one.example', '550', '5.7.26', 'fix-sender', 'DATA', 'mx.one.example']]);
    // A last line that is not wrapped closes the reply: the line after it is not its words.
    const flush = [
      '550-5.7.26 Unauthenticated email is not accepted',
      '550 5.7.26 see the DMARC initiative.',
      '    (in reply to end of DATA command)',
    ];
    expect(analyze(flush.join('\n'), k).findings[0].text).not.toContain('in reply to');
  });
});

describe('a pasted Exim notice listing several recipients, each over its own reply', () => {
  it('gives each reply its own recipient: an address alone on its line starts the next one, it does not wrap the last', () => {
    const text = [
      'The following address(es) failed:',
      '',
      '  ann@one.example',
      '    SMTP error from remote mail server after RCPT TO:<ann@one.example>:',
      '    host mx.one.example [192.0.2.1]: 550 5.1.1 <ann@one.example>... User unknown',
      '  bob@two.example',
      '    host mx.two.example [192.0.2.2]: 550 5.1.1 mailbox unavailable',
    ].join('\n');
    expect(analyze(text, k).findings.map((f) => [f.recipient, f.enhancedCode, f.remoteMta])).toEqual([
      ['ann@one.example', '5.1.1', 'mx.one.example'],
      ['bob@two.example', '5.1.1', 'mx.two.example'],
    ]);
  });
});

describe('unquoted: a notice pasted with every line quoted', () => {
  it('takes one level of "> " off when every line that is not blank has it', () => {
    expect(unquoted('> 550 5.1.1 unknown\n>\n>   wrapped\n\n> > nested')).toBe(
      '550 5.1.1 unknown\n\n  wrapped\n\n> nested',
    );
  });
  it('leaves text alone when one line is not quoted, when every line is ">>" (a transcript), or when it starts otherwise', () => {
    for (const text of ['> 550 no\nplain line', '>>> RCPT TO:<a@b.example>\n>>> DATA', 'Hello\n> quoted'])
      expect(unquoted(text)).toBe(text);
  });
  it('lets a quoted Postfix notice read as the notice', () => {
    const notice = [
      '<ann@one.example>: host mx1.one.example[192.0.2.1] said: 550',
      '    5.1.1 <ann@one.example>: Recipient address rejected: User',
      '    unknown (in reply to RCPT TO command)',
    ];
    const read = (t: string) => analyze(t, k).findings.map((f) => [f.recipient, f.enhancedCode, f.verdict, f.command]);
    expect(read(notice.map((l) => `> ${l}`).join('\n'))).toEqual(read(notice.join('\n')));
    expect(read(notice.join('\n'))).toEqual([['ann@one.example', '5.1.1', 'suppress', 'RCPT']]);
  });
});

describe('remoteHostIn', () => {
  it('is the first host named before its address, with "host", "connect to" or right before "said:"', () => {
    expect(remoteHostIn('host MX.One.example[192.0.2.1] said: 550 no (host b.example[10.0.0.1] said: 550)')).toBe(
      'mx.one.example',
    );
    expect(remoteHostIn('connect to mail.one.example[192.0.2.9]:25: No route to host')).toBe('mail.one.example');
    expect(remoteHostIn('Exim: host mx.one.example [192.0.2.1]: 550 no')).toBe('mx.one.example');
    expect(remoteHostIn('mx.one.example[2001:db8::1] said: 550 no')).toBe('mx.one.example');
    // A DNS name with "_" is named whole, not from the label after it.
    expect(remoteHostIn('host balancer_haproxy.one.example[192.0.2.1] said: 554')).toBe('balancer_haproxy.one.example');
    expect(remoteHostIn('<a@b.example>: host\n    balancer_haproxy.one.example[192.0.2.1] said: 554')).toBe(
      'balancer_haproxy.one.example',
    );
    expect(remoteHostIn('balancer_haproxy.one.example[192.0.2.1] said: 554')).toBe('balancer_haproxy.one.example');
    // Exchange's diagnostic line: the recipient, the remote host, then what it returned.
    expect(remoteHostIn("ann@one.example MX1.One.example Remote Server returned '550 5.4.1 Access denied'")).toBe(
      'mx1.one.example',
    );
  });
  it('is nothing without a host and an address in brackets', () => {
    expect(remoteHostIn('550 5.1.1 user unknown')).toBeUndefined();
    expect(remoteHostIn('private/dovecot-lmtp] said: 550')).toBeUndefined();
    expect(remoteHostIn('localhost[127.0.0.1] said: 550')).toBeUndefined();
    expect(remoteHostIn('x.example[not an ip] said: 550')).toBeUndefined();
    expect(remoteHostIn("Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'")).toBeUndefined();
  });
});

describe('replies reader: the reply after the address it failed for', () => {
  it('reads "a@b: 554 …" and "a@b: [ip], 554 …" (SurfControl) as the reply for that address', () => {
    for (const line of [
      'ann@one.example: 554 Service currently unavailable',
      'ann@one.example: [192.0.2.244], 554 Service currently unavailable',
    ]) {
      const [f] = analyze(line, k).findings;
      expect([f?.recipient, f?.replyCode], line).toEqual(['ann@one.example', '554']);
    }
  });
  it('needs a whole address before the colon: a host name or a time is not one', () => {
    expect(analyze('mx.one.example: 554 Service currently unavailable', k).findings).toEqual([]);
    expect(analyze('Delivered at 12:554 seconds', k).findings).toEqual([]);
  });
});

describe('replies reader: a "send:" / "recv:" transcript', () => {
  it('reads the reply after "recv:" and the command after "send:"', () => {
    const text = ['<someone@example.com>', '   send: RCPT TO:<someone@example.com>', '   recv: 550 User unknown'].join(
      '\n',
    );
    expect(analyze(text, k).findings.map((f) => [f.recipient, f.replyCode, f.command, f.reason])).toEqual([
      ['someone@example.com', '550', 'RCPT', 'userunknown'],
    ]);
  });
});

describe("DSN: the remote's last reply quoted at the end of the diagnostic (Amazon SES, WorkMail)", () => {
  it('is the reply and code that failed', () => {
    const text = '554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>';
    expect(quotedLastReply(text)).toEqual({ reply: '421', enhanced: '4.4.2' });
  });
  it('is not an address, a reply in mid-text, a truncated one, or one whose classes disagree', () => {
    expect(quotedLastReply('550 5.1.1 <user@example.com> unknown')).toBeUndefined();
    expect(quotedLastReply('554 4.4.7 expired <421 4.4.2 timed out> then more')).toBeUndefined();
    expect(quotedLastReply('554 4.4.7 expired <421 4.4.2 Connection timed')).toBeUndefined();
    expect(quotedLastReply('554 4.4.7 expired <421 5.4.2 odd>')).toBeUndefined();
  });
  it('gives SES its 421 4.4.2 while the reason stays "expired"', async () => {
    expect(await sisimai('lhost-amazonses-17.eml')).toEqual([
      ['kijitora@example.com', '4.4.2', '421', 'expired', 'retry'],
    ]);
  });
  it('reads the same through quoted-printable soft line breaks (WorkMail)', async () => {
    expect((await sisimai('lhost-amazonworkmail-05.eml')).map((f) => f.slice(1, 3))).toEqual([['4.4.2', '421']]);
  });
});

describe("DSN: the notice's line that names the recipient, for a block without a diagnostic", () => {
  const human = [
    'A message is delayed for more than 4 hours for the following',
    'To: neko@nyaan.jp',
    '<neko@nyaan.jp>',
    'neko@nyaan.jp: No MX found for domain',
  ];
  it('is the first line with the address and words beside it (not a header, not the bare address)', () => {
    expect(lineNaming(human, 'neko@nyaan.jp')).toBe('neko@nyaan.jp: No MX found for domain');
    expect(lineNaming(human, 'NEKO@nyaan.jp')).toBe('neko@nyaan.jp: No MX found for domain');
  });
  it('is nothing for another recipient, no recipient, or an empty notice', () => {
    expect(lineNaming(human, 'mike@nyaan.jp')).toBeUndefined();
    expect(lineNaming(human, undefined)).toBeUndefined();
    expect(lineNaming([], 'neko@nyaan.jp')).toBeUndefined();
  });
  it("reads OpenSMTPD's delay notice as a domain without MX, and Sendmail's deferral as a network error", async () => {
    expect(await sisimai('lhost-opensmtpd-12.eml')).toEqual([
      ['neko@nyaan.jp', '4.0.0', undefined, 'notaccept', 'retry'],
    ]);
    expect(await sisimai('lhost-sendmail-11.eml')).toEqual([
      ['kijitora@example.co.jp', '4.4.7', undefined, 'networkerror', 'retry'],
    ]);
  });
});

describe('code-less notices in the words of their MTA', () => {
  it('DragonFly Mail Agent giving up after its queue time is an expired message', async () => {
    expect(await sisimai('lhost-dragonfly-29.eml')).toEqual([
      ['expired@libsisimai.net', '4.4.7', undefined, 'expired', 'retry'],
    ]);
  });
  it('InterScan\'s "Unable to deliver message to <a> … Please check if address is correct" is an unknown user', async () => {
    expect(await sisimai('lhost-trendmicro-02.eml')).toEqual([
      ['kijitora@neko.example.jp', '5.1.1', undefined, 'userunknown', 'suppress'],
    ]);
  });
  it("fml's refusal of a non-member's post is a rejected sender", async () => {
    expect(await sisimai('lhost-fml-02.eml')).toEqual([
      ['neko-nyaan@example.org', '5.7.1', undefined, 'rejected', 'fix-sender'],
    ]);
  });
  // (A body of five lines or fewer is read whatever its headers: it may be a pasted snippet.)
  it('the same words in an ordinary email (not from a list manager or mail system) are no failure', async () => {
    const email = [
      'From: friend@example.org',
      'To: me@example.net',
      'Subject: lunch',
      'X-MLServer: fml [fml 4.0.3]',
      '',
      'You are not a member of this mailing list <club@example.org>, so I forwarded it.',
      'Could not deliver for the last 20 minutes, sorry.',
      '',
      'See you at noon,',
      'and bring the notes from Monday.',
      'F.',
    ].join('\r\n');
    expect((await analyzeEmail(email, k)).findings).toEqual([]);
  });
});

describe('more MTA tables (reasons.yaml `first`)', () => {
  const reasonOf = (text: string) => analyze(text, k).findings[0]?.reason;
  it('Lotus Notes\' Japanese "not in the directory list" names an unknown user', async () => {
    expect(await sisimai('lhost-notes-02.eml')).toEqual([
      ['kijitora@u1.example.co.jp', '5.1.1', undefined, 'userunknown', 'suppress'],
    ]);
  });
  it("au (ezweb)'s own sentences: suspended, over quota, not delivered in time", () => {
    expect(reasonOf('<a@ezweb.ne.jp>: The user(s) account is disabled.')).toBe('suspend');
    expect(reasonOf('<a@ezweb.ne.jp>: The user(s) account is temporarily over quota.')).toBe('mailboxfull');
    expect(reasonOf('Your message was not delivered within 3 days, 0 hours.')).toBe('expired');
  });
  it("receiving providers' own sentences (Yahoo, Apple, MessageLabs) decide over a broad code", () => {
    expect(
      reasonOf('421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred; user is receiving mail too quickly'),
    ).toBe('speeding');
    expect(reasonOf('550 5.1.1 <a@icloud.com>: Recipient no longer on server')).toBe('hasmoved');
    expect(
      reasonOf('553-SPF (Sender Policy Framework) ... 553 Please turn on SMTP Authentication in your mail client'),
    ).toBe('securityerror');
  });
  it("Mimecast's own sentences: security policies (its virus scan), anti-spoofing, blocked envelopes", () => {
    expect(reasonOf('554 email rejected due to security policies - MCSpamSignature.sa.2.2')).toBe('virusdetected');
    expect(reasonOf('550 Rejected by header-based Anti-Spoofing policy: a@b.example')).toBe('policyviolation');
    expect(reasonOf('550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550')).toBe(
      'rejected',
    );
  });
  it("Cox's and GoDaddy's own sentences", () => {
    expect(reasonOf('554 esmtp no data before greeting - 192.0.2.1')).toBe('policyviolation');
    expect(reasonOf('550 5.7.1 192.0.2.1 rejected - no rDNS')).toBe('requireptr');
    expect(reasonOf('552 Message rejected for spam or virus content')).toBe('spamdetected');
  });
  it("Gmail's and Microsoft's own sentences decide over a broad code", () => {
    expect(
      reasonOf(
        '550 5.7.1 The email account that you tried to reach is disabled. https://support.google.com/mail/?p=DisabledUser',
      ),
    ).toBe('suspend');
    expect(
      reasonOf(
        '550 5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address.',
      ),
    ).toBe('blocked');
    expect(reasonOf("452 4.2.2 The recipient's inbox is out of storage space.")).toBe('mailboxfull');
  });
  it("Exchange 2003's MSEXCH error numbers", () => {
    // The number alone decides, whatever words follow it.
    expect(reasonOf('550 MSEXCH:IMS:NEKO:EXAMPLE:MAIL 0 (000C05A6) see postmaster')).toBe('userunknown');
    expect(reasonOf('554 MSEXCH:IMS:NEKO:EXAMPLE:MAIL 0 (00120270) see postmaster')).toBe('networkerror');
  });
  it("Domino's unknown user in Spanish and French, Gmail's DNS errors", () => {
    expect(reasonOf('a@b.example no se encuentra en el Directorio de Domino')).toBe('userunknown');
    expect(reasonOf("a@b.example non répertorié dans l'annuaire Domino")).toBe('userunknown');
    expect(reasonOf('DNS Error: Domain name not found')).toBe('hostunknown');
  });
  it('Courier\'s "DNS lookup failed." is a network error; a sentence about DNS in general is not', () => {
    expect(reasonOf('<a@example.jp>: DNS lookup failed.')).toBe('networkerror');
    expect(reasonOf('We have updated our DNS records.')).toBeUndefined();
  });
});

describe('words reader: the address under the reason (Lotus Notes)', () => {
  const lines = ['User not listed in public Name & Address Book', '<kijitora@example.co.jp>', 'more text a@b.example'];
  it('is the line below when it holds only an address', () => {
    expect(addressBelow(lines, 0, new Set())).toBe('kijitora@example.co.jp');
  });
  it('may follow a short label ("target mail address:")', () => {
    expect(addressBelow(['reject reason: Mailbox full', 'target mail address: user@example.net'], 0, new Set())).toBe(
      'user@example.net',
    );
    expect(
      addressBelow(['reject reason: Mailbox full', 'sender address: me@example.com'], 0, new Set()),
    ).toBeUndefined();
  });
  it('is nothing when the line below says more, is missing, or is the sender', () => {
    expect(addressBelow(lines, 1, new Set())).toBeUndefined();
    expect(addressBelow(lines, 2, new Set())).toBeUndefined();
    expect(addressBelow(['reason', 'a@@b.example'], 0, new Set())).toBeUndefined();
  });
});

describe('replies reader: Zoho\'s "ERROR_CODE :" fields', () => {
  it('gives the enhanced code beside the reply code', () => {
    const [f] = analyze(
      'kijitora@example.co.jp Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <kijitora@example.co.jp>... User Unknown',
      k,
    ).findings;
    expect([f.recipient, f.replyCode, f.enhancedCode, f.reason]).toEqual([
      'kijitora@example.co.jp',
      '550',
      '5.1.1',
      'userunknown',
    ]);
  });
  it('a field name that only looks alike ("ERROR_CODES :") gives no enhanced code', () => {
    expect(analyze('550 Invalid Address, ERROR_CODES :5.1.1', k).findings[0].enhancedCode).toBeUndefined();
  });
});

describe("Exim's log: the address after '** '", () => {
  it('is the recipient even without a full domain', () => {
    expect(
      eximLogRecipient('2014-09-21 16:06:05 1XUKFa-0003bb-EM ** someone@someaddress>: retry timeout exceeded'),
    ).toBe('someone@someaddress');
    expect(eximLogRecipient('2014-09-21 16:06:05 1XUKFa-0003bb-EM ** <a@example.org> R=dnslookup: unrouteable')).toBe(
      'a@example.org',
    );
  });
  it('is nothing on other lines', () => {
    expect(eximLogRecipient('2014-09-21 16:06:05 1XUKFa-0003bb-EM => a@example.org R=dnslookup')).toBeUndefined();
    expect(eximLogRecipient('** no address here')).toBeUndefined();
  });
});

describe('the text a mail client shows of a notice, pasted alone', () => {
  const read = (text: string) => analyze(text, k).findings.map((f) => [f.recipient, f.enhancedCode, f.verdict]);
  it('is not a mail log for its "** … **" banner or a row of "=" (Exim marks a log line with the address)', () => {
    expect(LOG_FAILURE.test('** Address not found **')).toBe(false);
    expect(LOG_FAILURE.test('===================================END')).toBe(false);
    expect(
      LOG_FAILURE.test('2014-09-21 16:06:05 1XUKFa-0003bb-EM ** someone@someaddress>: retry timeout exceeded'),
    ).toBe(true);
    expect(
      LOG_FAILURE.test('2026-11-27 10:00:01 1r1-000 == user1@example.com R=dnslookup defer (-44): mailbox is full'),
    ).toBe(true);
    expect(LOG_FAILURE.test('postfix/smtp[1]: 4B2: to=<a@b.example>, status=bounced (host said: 550)')).toBe(true);
  });
  it('reads Gmail\'s "wasn\'t delivered to" notice and its DNS error', () => {
    const gmail = [
      '** Address not found **',
      '',
      "Your message wasn't delivered to sironeko@example.jp because the domain example.jp couldn't be found. Check for typos or unnecessary spaces and try again.",
      '',
      'The response was:',
      '',
      "DNS Error: 80335577 DNS type 'mx' lookup of example.jp responded with code NXDOMAIN",
      'Domain name not found: example.jp',
    ].join('\n');
    expect(read(gmail)).toEqual([['sironeko@example.jp', '5.1.2', 'suppress']]);
  });
  it('reads "Unable to deliver message to the following recipients" with the list under it', () => {
    const notice = [
      'This is an automatically generated Delivery Status Notification.',
      '',
      'Unable to deliver message to the following recipients, because the message was forwarded more than the maximum allowed times. This could indicate a mail loop.',
      '',
      '       kijitora@nyaan.neko.example.com',
      '',
      '',
    ].join('\n');
    expect(read(notice)).toEqual([['kijitora@nyaan.neko.example.com', '5.4.6', 'fix-sender']]);
    expect(BOUNCE_MARKERS.test('an automatically generated Delivery Status Notification')).toBe(true);
    expect(FAILED_TO.test('We were unable to deliver the message to the following recipients')).toBe(true);
  });
  it('opens a notice on other common wordings of "not delivered"', () => {
    // SendGrid's notice, a "had delivery errors" list, a typo'd MTA's "was aborted", Barracuda's.
    expect(FAILED_TO.test('your message was not able to be delivered to one of its intended recipients')).toBe(true);
    expect(FAILED_TO.test('---The following addresses had delivery errors---')).toBe(true);
    expect(FAILED_TO.test('Delevery to the following recipients was aborted after 5.0 hour(s):')).toBe(true);
    expect(BOUNCE_MARKERS.test('The email you sent with the following subject has NOT BEEN DELIVERED:')).toBe(true);
    const sendgrid = [
      'This is an automatically generated message from SendGrid.',
      '',
      "I'm sorry to have to tell you that your message was not able to be",
      'delivered to one of its intended recipients.',
      '',
      'If you require assistance with this, please contact SendGrid support.',
      '',
      'kijitora:00000:<kijitora@example.org> : Connection timed out in connect',
    ].join('\n');
    expect(read(sendgrid)).toEqual([['kijitora@example.org', '4.4.1', 'retry']]);
    // Smail's list of failed addresses; MDaemon-style "Failed to deliver to"; Sendmail's human part
    // giving X.1.1's registry title.
    const smail = [
      '|------------------------- Message log follows: -------------------------|',
      ' no valid recipients were found for this message',
      '|------------------------- Failed addresses follow: ---------------------|',
      ' claird@starbase.neosoft.com ... unknown host',
      '|------------------------- Message text follows: ------------------------|',
      'Received: from mx1.airmail.net',
      '\tby mail3.iadfw.net',
    ].join('\n');
    expect(read(smail)).toEqual([['claird@starbase.neosoft.com', '5.1.2', 'suppress']]);
    expect(
      read(
        "Failed to deliver to '<f.b@example.org>'\nLOCAL module(account f.b) reports:\n account is full (quota exceeded)",
      ),
    ).toEqual([['f.b@example.org', '4.2.2', 'retry']]);
    expect(read('<a@example.jp> (failed: Bad destination mailbox address)')).toEqual([
      ['a@example.jp', '5.1.1', 'suppress'],
    ]);
    // An ordinary sentence about delivery is still no notice.
    expect(read('Hi,\nthe parcel was delivered to the front desk.\nThanks\nBob\n\nsent from my phone')).toEqual([]);
  });
});

describe('replies reader: an enhanced code opening a line before the address (GMX)', () => {
  it('"5.2.1 <a@b>... User Unknown" keeps 5.2.1 for that recipient', async () => {
    expect(await sisimai('lhost-gmx-03.eml')).toEqual([
      ['mikeneko@example.co.jp', '5.2.1', undefined, 'userunknown', 'suppress'],
      ['sabineko@example.co.jp', '5.2.2', undefined, 'mailboxfull', 'retry'],
    ]);
  });
  it('a version number before an address is no code', () => {
    expect(analyze('Running 5.2.1 <build@example.org> fine', k).findings).toEqual([]);
  });
});

describe('replies reader: MailFoundry\'s "failed with:" introduces the reply', () => {
  it('reads the 550 after it', () => {
    const [f] = analyze(
      'Server mx22.example.org[192.0.2.222] failed with: 550 <kijitora@example.org> No such user here',
      k,
    ).findings;
    expect([f.recipient, f.replyCode, f.reason]).toEqual(['kijitora@example.org', '550', 'userunknown']);
  });
  it('a number after "failed with:" that is no reply code is not read as one', () => {
    expect(analyze('Job 12 failed with: 123 errors', k).findings).toEqual([]);
  });
});

describe('Sendmail V5 transcript reader', () => {
  const transcript = [
    '   ----- Transcript of session follows -----',
    'While talking to mailin1.example.org:',
    '>>> MAIL From:<shironeko@example.co.jp>',
    '<<< 501 <shironeko@example.co.jp>... no access from mail server [192.0.2.55] which is an open relay.',
    '554 <kijitora@example.org>... Remote protocol error',
    '550 example.org (smtp)... 550 Host unknown',
    '554 <mikeneko@example.org>... 550 Host unknown (Authoritative answer from name server)',
    'While talking to smtp.example.edu:',
    '>>> RCPT To:<hachiware@example.edu>',
    '<<< 550 5.1.1 <hachiware@example.edu>... User unknown',
    '550 <hachiware@example.edu>... User unknown',
    '',
    '   ----- Unsent message follows -----',
    '550 <not-a-failure@example.org>... quoted in the returned message',
  ];
  it('gives one draft per summary line, with the remote code quoted after "...", else the RCPT/DATA reply', () => {
    expect(isSendmailTranscript(transcript)).toBe(true);
    const drafts = parseSendmailTranscript(transcript);
    expect(drafts.map((d) => [d.recipient, d.reply, d.enhanced, d.command])).toEqual([
      ['kijitora@example.org', '554', undefined, 'MAIL'],
      ['mikeneko@example.org', '550', undefined, undefined],
      ['hachiware@example.edu', '550', '5.1.1', 'RCPT'],
    ]);
    // The session's host answered only where its reply is the one taken; a summary's own code is ours.
    expect(drafts.map((d) => d.remoteMta)).toEqual([undefined, undefined, 'smtp.example.edu']);
  });
  it('reads the real notices: host unknown, user unknown, and the sender refused as an open relay', async () => {
    expect((await sisimai('lhost-v5sendmail-07.eml')).map((f) => [f[0], f[2], f[3]])).toEqual([
      ['kijitora@example.org', '554', 'blocked'],
      ['mikeneko@example.org', '550', 'hostunknown'],
      ['hachiware@example.edu', '550', 'userunknown'],
    ]);
    expect((await sisimai('lhost-v5sendmail-05.eml')).map((f) => f[0])).toEqual([
      'kijitora@example.edu',
      'kuroneko@example.or.jp',
      'kijitora@example.org',
      'mikeneko@example.co.jp',
    ]);
  });
  it('is not a transcript without summary lines, and a cut summary line names no one', () => {
    expect(isSendmailTranscript(transcript.slice(0, 4))).toBe(false);
    expect(isSendmailTranscript(['550 <a@example.org>... User unknown'])).toBe(false);
    expect(parseSendmailTranscript([transcript[0], '550 <kijitora@exam'])).toEqual([]);
  });
});

describe('DSN: a diagnostic that opens with the greeting\'s "220-" line (La Poste)', () => {
  const report = (diagnostic: string, status = '4.2.1') =>
    new TextEncoder().encode(
      [
        'From: MAILER-DAEMON@mx.example.net',
        'To: sender@example.org',
        'Subject: Undelivered Mail Returned to Sender',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'I could not deliver your message.',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.net',
        '',
        'Final-Recipient: rfc822; jane@laposte.example',
        'Action: failed',
        `Status: ${status}`,
        `Diagnostic-Code: ${diagnostic}`,
        '--b--',
        '',
      ].join('\r\n'),
    );
  it('takes the refusal after the greeting, not the greeting, as the reply', async () => {
    const [f] = (
      await analyzeEmail(report('smtp; 220-laposte 421 4.2.1 Service refuse. Veuillez essayer plus tard.'), k)
    ).findings;
    expect([f.recipient, f.replyCode, f.enhancedCode, f.verdict]).toEqual([
      'jane@laposte.example',
      '421',
      '4.2.1',
      'retry',
    ]);
    expect(f.text).toContain('421 4.2.1 Service refuse');
  });
  it('leaves a diagnostic that holds no refusal after its 2xx as it is', async () => {
    const [f] = (await analyzeEmail(report('smtp; 250-mx.example.net hello, then the connection dropped'), k)).findings;
    expect(f.text).toContain('250-mx.example.net hello');
  });
});

describe('DSN: a folded reply repeats its code prefix on every line', () => {
  const report = (diagnostic: string) =>
    new TextEncoder().encode(
      [
        'From: MAILER-DAEMON@mx.example.net',
        'Subject: Undelivered Mail Returned to Sender',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; kim@example.com',
        'Action: failed',
        'Status: 5.0.0',
        `Diagnostic-Code: ${diagnostic}`,
        '--b--',
        '',
      ].join('\r\n'),
    );
  it('keeps the first, inside the text after "said:", so its specific code beats Status: 5.0.0', async () => {
    const [f] = (
      await analyzeEmail(
        report(
          'X-Postfix; host mta.example.com[192.0.2.225] said: 554\r\n    5.6.0 This message has been scored as spam\r\n    554 5.6.0 with a probability of more than 95%',
        ),
        k,
      )
    ).findings;
    expect([f.replyCode, f.enhancedCode]).toEqual(['554', '5.6.0']);
    expect(f.text.match(/554 5\.6\.0/g)).toHaveLength(1);
  });
  it('keeps the one that opens the text and drops the repeats', async () => {
    const [f] = (
      await analyzeEmail(
        report(
          "smtp; 550-5.1.1 The email account that you tried to reach does not exist.\r\n    550-5.1.1 double-checking the recipient's address 550 5.1.1 for typos",
        ),
        k,
      )
    ).findings;
    expect([f.replyCode, f.enhancedCode]).toEqual(['550', '5.1.1']);
    expect(f.text.match(/550[ -]5\.1\.1/g)).toHaveLength(1);
  });
});
