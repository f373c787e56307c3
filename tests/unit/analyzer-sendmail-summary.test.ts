// Sendmail 8 notices without a delivery status report: the summary block names the failures.
import { describe, expect, it } from 'vitest';
import { analyze, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { parseSendmailSummary } from '../../src/lib/analyzer/readers/sendmail-summary';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));

const notice = `The original message was received at Wed, 7 Apr 2010 00:39:02 +0100 (BST)
from relay.example.net [192.0.2.187]

   ----- The following addresses had permanent fatal errors -----
<fred@mail.example.org>
    (reason: 552 5.2.2 Over quota)
<jim@mail.example.org>
    (reason: 550 5.1.1 <jim@mail.example.org>... User unknown)
    (expanded from: <jim.list@example.net>)

   ----- Transcript of session follows -----
... while talking to mail.example.org.:
>>> RCPT To:<jim@mail.example.org>
<<< 550 5.1.1 <jim@mail.example.org>... User unknown
>>> DATA
<<< 552 5.2.2 Over quota
554 5.0.0 Service unavailable
<<< 503 5.5.1 No recipients
`.split('\n');

describe('parseSendmailSummary', () => {
  it('gives one draft per listed recipient with its reason and the command the reply answered', () => {
    const drafts = parseSendmailSummary(notice, new Set())!;
    expect(drafts.map((d) => [d.recipient, d.reply, d.enhanced, d.command, d.line])).toEqual([
      ['fred@mail.example.org', '552', '5.2.2', 'DATA', 6],
      ['jim@mail.example.org', '550', '5.1.1', 'RCPT', 8],
    ]);
    expect(drafts[0].text).toBe('552 5.2.2 Over quota');
  });
  it('takes the remote host from the "while talking to" line that opens its part of the transcript', () => {
    const twoHosts = [
      ...notice.slice(0, 11),
      '... while talking to [192.0.2.9]:',
      '>>> DATA',
      '<<< 552 5.2.2 Over quota',
      '... while talking to MX2.Mail.Example.org.:',
      '>>> RCPT To:<jim@mail.example.org>',
      '<<< 550 5.1.1 <jim@mail.example.org>... User unknown',
    ];
    expect(parseSendmailSummary(notice, new Set())!.map((d) => d.remoteMta)).toEqual([
      'mail.example.org',
      'mail.example.org',
    ]);
    // An address literal names no host; a new session forgets the last one's host and command.
    expect(parseSendmailSummary(twoHosts, new Set())!.map((d) => [d.command, d.remoteMta])).toEqual([
      ['DATA', undefined],
      ['RCPT', 'mx2.mail.example.org'],
    ]);
  });
  it('never names the sender as a failed recipient', () => {
    const drafts = parseSendmailSummary(notice, new Set(['fred@mail.example.org']))!;
    expect(drafts.map((d) => d.recipient)).toEqual(['jim@mail.example.org']);
  });
  it('is undefined without the block, or when the block gives no reason', () => {
    expect(parseSendmailSummary(['550 5.1.1 User unknown'], new Set())).toBeUndefined();
    const bare = ['----- The following addresses had permanent fatal errors -----', '<a@example.org>', '', '-----'];
    expect(parseSendmailSummary(bare, new Set())).toBeUndefined();
  });
});

describe('parseSendmailSummary: the enhanced code Sendmail gave the recipient', () => {
  const refused = (statusLine: string) =>
    [
      '   ----- The following addresses had permanent fatal errors -----',
      '<Ann@gol.example>',
      '    (reason: 550 unknown user)',
      '',
      '   ----- Transcript of session follows -----',
      '... while talking to mx.gol.example.:',
      '>>> DATA',
      '<<< 550 unknown user',
      statusLine,
    ].join('\n');

  it('is taken from its line in the transcript when the reason has none, as its delivery report would', () => {
    const [d] = parseSendmailSummary(refused('550 5.1.1 <ann@gol.example>... User unknown').split('\n'), new Set())!;
    expect([d.reply, d.enhanced, d.command]).toEqual(['550', '5.1.1', 'DATA']);
    const [f] = analyze(refused('550 5.1.1 <ann@gol.example>... User unknown'), k).findings;
    expect([f.enhancedCode, f.reason, f.verdict]).toEqual(['5.1.1', 'userunknown', 'suppress']);
  });
  it('is not taken from another recipient’s line, or from one of another class', () => {
    for (const line of ['550 5.1.1 <bob@gol.example>... User unknown', '450 4.1.1 <ann@gol.example>... Try later']) {
      const [d] = parseSendmailSummary(refused(line).split('\n'), new Set())!;
      expect(d.enhanced).toBeUndefined();
    }
  });
});

describe('analyze: a Sendmail notice with its transcript', () => {
  it('reports the listed failures only, not the replies that followed them in the session', () => {
    const found = analyze(notice.join('\n'), k).findings.map((f) => [f.recipient, f.enhancedCode, f.verdict]);
    expect(found).toEqual([
      ['fred@mail.example.org', '5.2.2', 'retry'],
      ['jim@mail.example.org', '5.1.1', 'suppress'],
    ]);
  });
});
