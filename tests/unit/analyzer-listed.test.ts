// Notices that say delivery failed without a reason or a code, naming the recipients after the
// sentence or in a list below it; and notices whose header lost its Content-Type. Texts written
// for these tests, in the shapes real notices take.
import { describe, expect, it } from 'vitest';
import { analyze, analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { listedRecipients } from '../../src/lib/analyzer/readers/words';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const none = new Set<string>();
const email = (headers: string, body: string) => new TextEncoder().encode(`${headers}\n\n${body}`);
const NOTICE =
  'From: Mail Delivery System <mailer-daemon@mx.example.net>\nTo: list-bounces@example.org\nSubject: Undeliverable mail';
const facts = (f: { recipient?: string; enhancedCode?: string; verdict: string }[]) =>
  f.map(({ recipient, enhancedCode, verdict }) => ({ recipient, enhancedCode, verdict }));

describe('listedRecipients', () => {
  it('reads a list under the sentence, skipping blank lines and bullets, and stops at the next text', () => {
    const lines = [
      'Delivery to the following recipients failed permanently:',
      '',
      '   * ann@one.example',
      '   * <bob@two.example>',
      '',
      '----- Original message -----',
      'To: carl@three.example',
    ];
    expect(listedRecipients(lines, none)).toEqual([
      { line: 1, text: lines[0], delayed: false, recipients: ['ann@one.example', 'bob@two.example'] },
    ]);
  });
  it('takes the address after the sentence on its own line, and says when the sentence is a delay', () => {
    expect(listedRecipients(['undeliverable to ann@one.example'], none)[0].recipients).toEqual(['ann@one.example']);
    expect(
      listedRecipients(['Delivery to the following recipient has been delayed:', '  ann@one.example'], none),
    ).toEqual([expect.objectContaining({ delayed: true, recipients: ['ann@one.example'] })]);
  });
  it('knows the sentence in the other languages the reason phrases cover', () => {
    for (const sentence of [
      '导致邮件无法送达。',
      'Die Nachricht konnte nicht zugestellt werden an:',
      '次のアドレスへ配信できませんでした。',
      "Le message n'a pas pu être remis aux destinataires suivants :",
      'El mensaje no se pudo entregar a:',
      'Не удалось доставить сообщение:',
    ])
      expect(listedRecipients([sentence, '  ann@one.example'], none), sentence).toEqual([
        expect.objectContaining({ recipients: ['ann@one.example'] }),
      ]);
  });
  it('takes the address before "delivery failed" when the line starts with it (PowerMTA)', () => {
    expect(listedRecipients(['<ann@one.example> delivery failed; will not continue trying'], none)).toEqual([
      expect.objectContaining({ delayed: false, recipients: ['ann@one.example'] }),
    ]);
    // The address must open the line: a sentence that only mentions one earlier is not this shape.
    expect(listedRecipients(['Ask ann@one.example why delivery failed yesterday'], none)).toEqual([]);
    const found = analyze(
      'Immediately below you will find a list of the affected recipients.\n\n<ann@one.example> delivery failed; will not continue trying',
      k,
    ).findings;
    expect(facts(found)).toEqual([{ recipient: 'ann@one.example', enhancedCode: '5.0.0', verdict: 'fix-message' }]);
  });
  it('takes one blank line between list items, but not two', () => {
    const lines = [
      '导致邮件无法送达。',
      '',
      '<ann@one.example>:',
      '',
      '<bob@two.example>:',
      '',
      '',
      '<carl@three.example>:',
    ];
    expect(listedRecipients(lines, none)[0].recipients).toEqual(['ann@one.example', 'bob@two.example']);
  });
  it('does not read prose or a quoted line as a list', () => {
    expect(
      listedRecipients(
        ['The following recipients did not receive your message:', 'Please write to postmaster@x.example if unsure.'],
        none,
      ),
    ).toEqual([]);
    expect(listedRecipients(['> Your message could not be delivered to ann@one.example'], none)).toEqual([]);
  });
});

describe('a failure sentence without a reason', () => {
  it('gives each listed recipient a permanent failure with no reason known (5.0.0)', async () => {
    const body = '*****\nYour message could not be delivered to\nduke@ald.example\n*****\n';
    expect(facts((await analyzeEmail(email(NOTICE, body), k)).findings)).toEqual([
      { recipient: 'duke@ald.example', enhancedCode: '5.0.0', verdict: expect.not.stringMatching(/^(?:retry|none)$/) },
    ]);
  });
  it('a delay is retried', async () => {
    const body =
      'THIS IS A WARNING MESSAGE ONLY.\n\nDelivery to the following recipient has been delayed:\n\n     ann@one.example\n';
    const [f, ...rest] = (await analyzeEmail(email(NOTICE, body), k)).findings;
    expect(rest).toEqual([]);
    expect([f.recipient, f.enhancedCode?.[0], f.verdict]).toEqual(['ann@one.example', '4', 'retry']);
  });
  it('names the recipients of a reason told without an address', async () => {
    const body = [
      'Your message was not delivered:',
      'Host corp.example is not responding: connection timed out.',
      '',
      'The following recipients did not receive your message:',
      '     <aaa@corp.example>',
      'The following recipients did not receive your message:',
      '     <bbb@corp.example>',
    ].join('\n');
    const found = (await analyzeEmail(email(NOTICE, body), k)).findings;
    expect(found.map((f) => [f.recipient, f.enhancedCode])).toEqual([
      ['aaa@corp.example', '4.4.1'],
      ['bbb@corp.example', '4.4.1'],
    ]);
  });
  it('an address on a wrapped line is the recipient of the reason it wraps, once', () => {
    const text =
      'Subject: Returned mail\n\n|--- Failed addresses follow: ---|\n ann@one.example ... unknown host\n|--- Message text follows: ---|\n';
    expect(analyze(text, k).findings.map((f) => f.recipient)).toEqual(['ann@one.example']);
  });
});

// What a mail client shows of a notice, copied and pasted without its header or report: the
// sentence that says delivery failed is then all that says it is a notice (shapes of Domino's,
// DragonFly's and Amazon SES's texts in sisimai's set-of-emails, lhost-domino-03, -dragonfly-29,
// -amazonses-06, dev half).
describe('a notice’s shown text, pasted without its header', () => {
  const pasted = (text: string) => analyze(text, k).findings.map((f) => [f.recipient, f.enhancedCode, f.reason]);
  it('"was not delivered to:" over an address and a reason, on more than five lines', () => {
    const text = [
      'Your message',
      '',
      '  Subject: Lunch',
      '',
      'was not delivered to:',
      '',
      '  ann@one.example',
      '',
      'because:',
      '',
      '  Error transferring to relay.one.example; Maximum hop count exceeded.  Message probably in a routing loop.',
    ].join('\n');
    expect(pasted(text)).toEqual([['ann@one.example', '5.4.6', 'networkerror']]);
  });
  it('"an error delivering your mail to" names the recipient; the words that follow say why', () => {
    const text = [
      'This is the mail agent at mx.one.example.',
      '',
      'There was an error delivering your mail to <ann@two.example>.',
      '',
      'Could not deliver for the last 432000 seconds. Giving up.',
      '',
      'Message headers follow.',
    ].join('\n');
    expect(pasted(text)).toEqual([['ann@two.example', '4.4.7', 'expired']]);
  });
  it('"an error occurred while trying to deliver the mail to the following recipients:" with no reason', () => {
    const text = 'An error occurred while trying to deliver the mail to the following recipients:\nann@three.example\n';
    expect(pasted(text)).toEqual([['ann@three.example', '5.0.0', 'onhold']]);
  });
  it('a one-line reason above "Original message follows." and the returned header (IMail, lhost-imailserver-02)', () => {
    const text = [
      'User mailbox exceeds allowed size: ann@five.example',
      '',
      '',
      'Original message follows.',
      '',
      'Received: from relay.six.example [192.0.2.209] by mx.five.example',
      'Message-ID: <1@six.example>',
      'From: Bob <bob@six.example>',
      'To: ann@five.example',
      'Subject: Hello',
    ].join('\n');
    expect(pasted(text)).toEqual([['ann@five.example', expect.stringMatching(/^[45]\.2\.2$/), 'mailboxfull']]);
  });
  it('a person’s email that says something was not delivered, naming no recipient, is not a notice', () => {
    const text = [
      'Hi Ann,',
      '',
      'The parcel was not delivered to our office yesterday, and there was an error delivering the',
      'message to the courier as well.',
      'Could you check with them? The tracking page says "Giving up" and nothing else.',
      '',
      'Thanks, Bob (bob@four.example)',
    ].join('\n');
    expect(pasted(text)).toEqual([]);
  });
});

describe('a notice in MIME parts whose header lost its Content-Type', () => {
  const boundary = '----_=_NextPart_000_01C2';
  const body = [
    'This message is in MIME format. Since your mail reader does not understand',
    'this format, some or all of this message may not be legible.',
    '',
    `--${boundary}`,
    'Content-Type: text/plain',
    '',
    'did not reach the following recipient(s):',
    '',
    'ann@one.example on Fri, 18 Oct 2002 09:13:24 -0600',
    '    The recipient name is not recognized',
    '',
    `--${boundary}`,
    'Content-Type: message/rfc822',
    '',
    'From: someone@else.example',
    'To: list@lists.example',
    'Subject: Virus in my mail',
    '',
    'I think bob@two.example was infected by a virus; his mail was blocked.',
    '',
    `--${boundary}--`,
  ].join('\n');
  it('is read as its parts: the returned message gives no finding', async () => {
    const found = (await analyzeEmail(email(NOTICE, body), k)).findings;
    expect(found.map((f) => f.recipient)).toEqual(['ann@one.example']);
  });
  it('a plain notice that quotes a MIME message below its words stays plain text', async () => {
    const plain = `Your message could not be delivered to\nann@one.example\n\nThe original message follows.\n\n${body}`;
    const found = (await analyzeEmail(email(NOTICE, plain), k)).findings;
    expect(found[0]?.recipient).toBe('ann@one.example');
  });
});

describe('a local delivery program that failed, told without a code', () => {
  it("is the recipient's mailer error (Postfix's pipe to a filter)", async () => {
    const body =
      '<ann@one.example>: Command died with status 17: "/usr/sbin/amavis". Command\n    output: Can\'t use an undefined value\n';
    const [f, ...rest] = (await analyzeEmail(email(NOTICE, body), k)).findings;
    expect(rest).toEqual([]);
    expect([f.recipient, f.reason, f.enhancedCode?.slice(1)]).toEqual(['ann@one.example', 'mailererror', '.3.0']);
  });
});

describe('lines quoted as in a reply ("> …")', () => {
  it('under the notice are the returned message: they give no finding', async () => {
    const body = [
      'Delivery of email to this address',
      '"ann@one.example"',
      'has been postponed due to a full mailbox.',
      'The first 50 lines of your original message follow:',
      '> From: list-bounces@example.org',
      '> Our spam filter blocked a message from bob@two.example last week.',
    ].join('\n');
    const found = (await analyzeEmail(email(NOTICE, body), k)).findings;
    expect(found.map((f) => [f.recipient, f.verdict])).toEqual([['ann@one.example', 'retry']]);
  });
  it('a notice pasted all quoted is read as it is', () => {
    const text =
      '> <ann@one.example>: Host\n>     or domain name not found. Name service error for\n>     name=one.example type=A: Host not found\n';
    expect(analyze(text, k).findings.map((f) => f.recipient)).toEqual(['ann@one.example']);
  });
});
