// The reason stage on real bounces from sisimai's suite (tests/fixtures/sisimai) and on single
// replies: each case is one general rule, not one email.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyze, analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { recipientsMailbox } from '../../src/lib/analyzer/classify';
import { NO_REASON_WARNING } from '../../src/lib/analyzer/output';
import {
  classifyReason,
  docomoRefusal,
  reasonFromWords,
  wordsOverCode,
  wordsReason,
} from '../../src/lib/analyzer/reason';
import { preferredStatus } from '../../src/lib/analyzer/readers/dsn';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons, specificFirst } from '../../src/lib/reasons';

const reasons = loadReasons();
const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), reasons));
const sisimai = async (file: string) =>
  (await analyzeEmail(new Uint8Array(readFileSync(`tests/fixtures/sisimai/maildir/bsd/${file}`)), k)).findings.map(
    (f) => ({ recipient: f.recipient, reason: f.reason, verdict: f.verdict }),
  );

describe('reason: the notice around a DSN speaks when the report does not', () => {
  it('reads an Exim pipe failure above a bare Status: 5.0.0 as a mailer error', async () => {
    expect(await sisimai('lhost-exim-44.eml')).toEqual([
      { recipient: 'kijitora@example.com', reason: 'mailererror', verdict: 'retry' },
    ]);
  });
  it('reads Gmail\'s "the address couldn\'t be found" above a bare Status: 5.0.0 as an unknown user', async () => {
    expect(await sisimai('rhost-gsuite-02.eml')).toEqual([
      { recipient: 'kijitora@example.it', reason: 'userunknown', verdict: 'suppress' },
    ]);
  });
});

describe('a failure with no reason given', () => {
  const one = (text: string) => {
    const found = analyze(text, k).findings;
    expect(found, text).toHaveLength(1);
    return found[0];
  };
  it('says the verdict is a guess where the words say a delivery failed and nothing more', () => {
    // What Exchange's notice shows above its delivery report, pasted alone.
    const shown = 'Delivery to the following recipients failed.\n\n       kijitora@example.jp\n';
    const f = one(shown);
    expect([f.inferred, f.reason, f.recipient]).toEqual([true, 'onhold', 'kijitora@example.jp']);
    expect(f.warnings).toContain(NO_REASON_WARNING);
    // A reason in the words, or the server's reply, however vague, is a reading: no such warning.
    expect(one('Delivery to the following recipients failed: mailbox is full').warnings).not.toContain(
      NO_REASON_WARNING,
    );
    expect(one('550 5.0.0 <a@example.jp>... Insufficient permission').warnings).not.toContain(NO_REASON_WARNING);
    expect(one(`${shown}550 5.1.1 user unknown`).warnings).not.toContain(NO_REASON_WARNING);
  });
});

describe('reason: general rules', () => {
  it('a domain not found under a temporary code is a network error, under a permanent one a dead host', () => {
    const text = "DNS type 'mx' lookup of example.jp responded with code NXDOMAIN Domain name not found: example.jp";
    expect(classifyReason({ text, enhanced: '4.0.0', inferred: false }, reasons)).toBe('networkerror');
    expect(classifyReason({ text, enhanced: '5.0.0', inferred: false }, reasons)).toBe('hostunknown');
  });
  it('Exim\'s "unrouteable mail domain" (no router took the domain, never retried) is a dead host', () => {
    const [f] = analyze('thornborrow@example.net:\n    unrouteable mail domain "example.net"', k).findings;
    expect([f.recipient, f.enhancedCode, f.reason, f.verdict]).toEqual([
      'thornborrow@example.net',
      '5.1.2',
      'hostunknown',
      'suppress',
    ]);
    // A deferral under a temporary code stays a network error (temporaryDns).
    expect(classifyReason({ text: 'unrouteable mail domain', enhanced: '4.4.0', inferred: false }, reasons)).toBe(
      'networkerror',
    );
  });
  it('Microsoft\'s 5.4.310 "DNS domain … does not exist", pasted alone, is a dead host: drop the address', () => {
    const [f] = analyze(
      '550 5.4.310 DNS domain two.example does not exist [Message=InfoDomainNonexistent] [LastAttemptedServerName=two.example]',
      k,
    ).findings;
    expect([f.enhancedCode, f.reason, f.verdict, f.variant?.id]).toEqual([
      '5.4.310',
      'hostunknown',
      'suppress',
      'microsoft-550-5-4-310-dns-domain-does-not-exist',
    ]);
    // The sender's domain that does not exist is another matter (553 5.1.8): not this phrase.
    expect(reasonFromWords('553 5.1.8 Domain of sender address two.example does not exist', reasons)).not.toBe(
      'hostunknown',
    );
  });
  it("a sending IP's bad, poor or insufficient reputation is badreputation, whatever broad code carries it", () => {
    const reason = (text: string) => analyze(text, k).findings[0].reason;
    expect(reason('554 5.5.4 Your IP 192.0.2.25 address has a bad reputation.')).toBe('badreputation');
    expect(reason('550 5.7.1 Rejected due to poor reputation of your IP')).toBe('badreputation');
    expect(reason('421 4.7.0 Sender IP rejected: sending IP has insufficient reputation')).toBe('badreputation');
  });
  it('X.3.2 whose words say too many connections is that limit, not a host that takes no mail', () => {
    const [f] = analyze(
      '421 4.3.2 The maximum number of concurrent connections per resource forest has exceeded a limit',
      k,
    ).findings;
    expect([f.reason, f.verdict]).toEqual(['toomanyconn', 'retry']);
    expect(
      classifyReason({ text: 'System not accepting network messages', enhanced: '4.3.2', inferred: false }, reasons),
    ).toBe('notaccept');
  });
  it('a recipient receiving mail faster than its server allows is speeding, in the wordings providers use', () => {
    for (const text of [
      '450-4.2.1 The user you are trying to contact is receiving email too quickly. Please resend your message at a later time.',
      '450 4.2.1 The recipient has exceeded message rate limit. Try again later.',
      '450 4.2.1 <ann@one.example>: Mailbox received too much email in a short period of time (G30)',
    ])
      expect(analyze(text, k).findings[0].reason, text).toBe('speeding');
  });
  it('Exchange Online\'s 5.2.2 "Submission quota exceeded" is the sender\'s quota, not a full mailbox', () => {
    expect(analyze('550 5.2.2 Submission quota exceeded', k).findings[0].reason).toBe('speeding');
    expect(analyze('552 5.2.2 Mailbox quota exceeded', k).findings[0].reason).toBe('mailboxfull');
  });
  it('after "Recipient address rejected:", an address marked invalid is unknown; one suspended for abuse is suspended', () => {
    const facts = (text: string) => analyze(text, k).findings.map((f) => [f.reason, f.verdict]);
    expect(
      facts('550 5.7.1 <ann@one.example>: Recipient address rejected: User email address is marked as invalid.'),
    ).toEqual([['userunknown', 'suppress']]);
    expect(facts('550 5.2.1 <ann@one.example>: Recipient address rejected: Incoming suspended due to abuse')).toEqual([
      ['suspend', 'suppress'],
    ]);
  });
  it('a Null MX (RFC 7505) is a domain that accepts no mail', async () => {
    expect((await sisimai('rfc3464-59.eml')).map((f) => f.reason)).toEqual(['notaccept']);
  });
  it('501-504 with words that say nothing else are a command syntax error (RFC 5321 4.2.3)', () => {
    expect(analyze('504 Command parameter not implemented', k).findings[0].reason).toBe('syntaxerror');
    expect(classifyReason({ text: 'Nope', reply: '550', inferred: false }, reasons)).toBe('onhold');
  });
  it("a broad 5.7.1 whose words say spam or a virus is the message's fault, not a security refusal of the sender", () => {
    const read = (t: string) => analyze(t, k).findings.map((f) => [f.reason, f.verdict]);
    expect(read('550 5.7.1 Virus found in attachment')).toEqual([['virusdetected', 'fix-message']]);
    expect(read('550 5.7.1 virus Win32.Example detected by the scanner')).toEqual([['virusdetected', 'fix-message']]);
    expect(read('554 5.7.1 Your message was considered as spam')).toEqual([['spamdetected', 'fix-message']]);
    expect(read('550 5.7.1 Message rejected by spam filter')).toEqual([['spamdetected', 'fix-message']]);
    // Words about something else keep the code's broad reason.
    expect(read('550 5.7.1 Not authorized')).toEqual([['securityerror', 'fix-sender']]);
  });
  it('a vague 5.1.0 whose words refuse the sender is about the sender, not a dead recipient', () => {
    for (const t of [
      '550 5.1.0 Sender denied',
      '553 5.1.0 Sender is not allowed to relay',
      '550 5.1.0 Sender not allowed',
    ])
      expect(
        analyze(t, k).findings.map((f) => [f.reason, f.verdict]),
        t,
      ).toEqual([['rejected', 'fix-sender']]);
  });
  it('a server without TLS is a failed STARTTLS', () => {
    expect(analyze('500 Remote server does not support TLS (state 6).', k).findings[0].reason).toBe('failedstarttls');
  });
});

describe('reader of last resort: X-Failed-Recipients with a notice in words', () => {
  it("reads Exim's pipe failure for the listed recipient as a mailer error", async () => {
    expect(await sisimai('lhost-exim-53.eml')).toEqual([
      { recipient: 'kijitora@example.com', reason: 'mailererror', verdict: 'retry' },
    ]);
  });
  it('reads "an MX or SRV record indicated no SMTP service" (Mail.ru via Exim) as a domain that takes no mail', async () => {
    expect(await sisimai('lhost-mailru-05.eml')).toEqual([
      { recipient: 'neko@libsisimai.org', reason: 'notaccept', verdict: 'suppress' },
    ]);
  });
  it('reads a Google Groups refusal in Czech as a refused sender', async () => {
    expect(await sisimai('lhost-googlegroups-04.eml')).toEqual([
      { recipient: 'libsisimai@googlegroups.com', reason: 'rejected', verdict: 'fix-sender' },
    ]);
  });
  it('reads IMail\'s "User mailbox exceeds allowed size" and "Delivery failed 20 attempts"', async () => {
    expect(await sisimai('lhost-imailserver-02.eml')).toEqual([
      { recipient: 'kijitora@example.co.jp', reason: 'mailboxfull', verdict: 'retry' },
    ]);
    expect(await sisimai('lhost-imailserver-04.eml')).toEqual([
      { recipient: 'kijitora@example.com', reason: 'expired', verdict: 'retry' },
    ]);
  });
});

describe('DSN: the Status field or the code the remote server gave', () => {
  it('keeps the more specific of the two', () => {
    expect(preferredStatus('5.0.0', '5.1.1')).toBe('5.1.1'); // a generic Status yields
    expect(preferredStatus('4.4.7', '4.7.1')).toBe('4.7.1'); // "expired" says how delivery ended, not why
    expect(preferredStatus('5.3.0', '5.7.1')).toBe('5.7.1');
    expect(preferredStatus('5.1.1', '5.0.0')).toBe('5.1.1'); // a generic diagnostic code yields
    expect(preferredStatus('5.1.1', '5.2.2')).toBe('5.2.2');
    expect(preferredStatus('5.2.2', '5.1.1')).toBe('5.2.2'); // otherwise the Status stands
    expect(preferredStatus('5.1.1', '4.2.2', '452')).toBe('4.2.2'); // classes differ: the reply decides
    expect(preferredStatus(undefined, '5.1.1')).toBe('5.1.1');
  });
  it('reads Sendmail\'s "450 4.7.1" under Status: 4.4.7 as 4.7.1', async () => {
    const [f] = (
      await analyzeEmail(new Uint8Array(readFileSync('tests/fixtures/sisimai/maildir/bsd/lhost-sendmail-08.eml')), k)
    ).findings;
    // "IP name lookup failed" is a missing PTR name: retrying unchanged meets the same refusal.
    expect([f.enhancedCode, f.replyCode, f.reason, f.verdict]).toEqual(['4.7.1', '450', 'requireptr', 'fix-sender']);
  });
});

describe('reason: the words after Postfix\'s "Recipient address rejected:" decide', () => {
  it('"…: Media error" is a content error (registry title of X.6.0)', () => {
    const text = '550 5.6.0 <a@example.net>: Recipient address rejected: Media error';
    expect(analyze(text, k).findings[0].reason).toBe('contenterror');
  });
  it('"…: access denied" alone still reads as the whole text says', () => {
    expect(
      classifyReason({ text: 'Recipient address rejected: Access denied', reply: '550', inferred: false }, reasons),
    ).not.toBe('onhold');
  });
});

describe('Domino', () => {
  it('"not listed in Domino Directory" is an unknown user, not a block list', async () => {
    expect(await sisimai('lhost-domino-01.eml')).toEqual([
      { recipient: 'kijitora@example.jp', reason: 'userunknown', verdict: 'suppress' },
    ]);
  });
});

describe('reply codes a DSN reader used to miss', () => {
  const one = async (file: string) => {
    const [f] = (await analyzeEmail(new Uint8Array(readFileSync(`tests/fixtures/sisimai/maildir/bsd/${file}`)), k))
      .findings;
    return [f.replyCode, f.enhancedCode, f.reason];
  };
  it('Yahoo writes "550: 5.1.1"', async () => {
    expect(await one('lhost-yahoo-10.eml')).toEqual(['550', '5.1.1', 'userunknown']);
  });
  it('Postfix\'s "said: 501 …" inside an X-Postfix diagnostic', async () => {
    expect(await one('lhost-postfix-44.eml')).toEqual(['501', '5.7.1', 'norelaying']);
  });
  it('an X-Unix exit status takes the reply the transcript gave for that recipient, and is a mailer error', async () => {
    expect(await one('lhost-sendmail-55.eml')).toEqual(['451', '4.5.0', 'mailererror']);
  });
});

describe('one finding per recipient in an email notice', () => {
  it('Exim quoting one failure over three lines, with X-Failed-Recipients, is one recipient', async () => {
    expect(await sisimai('lhost-exim-08.eml')).toEqual([
      { recipient: 'kijitora@example.org', reason: 'expired', verdict: 'retry' },
    ]);
  });
  it('a Sendmail v5 transcript, its summary and a later deferral for the same recipient: the permanent one', async () => {
    expect(await sisimai('lhost-v5sendmail-03.eml')).toEqual([
      { recipient: 'kijitora@example.org', reason: 'userunknown', verdict: 'suppress' },
    ]);
  });
});

describe("a provider's own wording comes first (reasons.yaml `first`)", () => {
  it('au (KDDI) answers its reception filter with "550 : User unknown": filtered, not a dead address', async () => {
    expect((await sisimai('rfc3464-57.eml')).map((f) => [f.reason, f.verdict])).toEqual([['filtered', 'fix-sender']]);
  });
  it('"550 <a@b>: User unknown" is still an unknown user', () => {
    expect(analyze('550 <someone@example.jp>: User unknown', k).findings[0].reason).toBe('userunknown');
  });
  it('QQ\'s "Connection frequency limited … Blocked IP" is too many connections', async () => {
    expect((await sisimai('rhost-tencent-02.eml')).map((f) => f.reason)).toEqual(['toomanyconn']);
  });
});

describe("a code's reason the words overturn", () => {
  it('5.1.1 whose words say the mailbox is full is a full mailbox', () => {
    expect(analyze('550 5.1.1 <someone@example.jp>: mailbox is full', k).findings[0].reason).toBe('mailboxfull');
  });
  it('5.1.1 with "Address rejected" stays an unknown user', () => {
    expect(analyze('550 5.1.1 Address rejected someone@example.co.jp', k).findings[0].reason).toBe('userunknown');
  });
  it('5.1.1 whose words say the account is suspended is a suspended account', () => {
    expect(
      analyze('550 5.1.1 [SUSPEND] mailbox currently suspended for someone@example.net', k).findings[0],
    ).toMatchObject({ reason: 'suspend', verdict: 'suppress' });
  });
  it('5.2.3 whose words say the disk quota is used up is a full mailbox, and the verdict follows: retry', () => {
    const text = "552 5.2.3 someone@example.lv: the user's maildir has overdrawn his diskspace quota";
    expect(analyze(text, k).findings[0]).toMatchObject({ reason: 'mailboxfull', verdict: 'retry' });
    // Without such words, 5.2.3 keeps its registry meaning and its verdict.
    expect(analyze('552 5.2.3 someone@example.lv: message too long for this mailbox', k).findings[0]).toMatchObject({
      reason: 'exceedlimit',
      verdict: 'fix-message',
    });
  });
});

describe("MTAs' own wording (reasons.yaml `first`, from each MTA's message table)", () => {
  const reasonOf = (text: string) => analyze(text, k).findings[0]?.reason;
  it("Exchange's NDR subject decides over the code: RecipientNotFound under 5.1.10 is an unknown user", () => {
    expect(reasonOf('550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup')).toBe(
      'userunknown',
    );
    expect(reasonOf('550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient')).toBe('exceedlimit');
    // Without the subject, 5.1.10 keeps its registry meaning (RFC 7505 null MX).
    expect(reasonOf('550 5.1.10 Recipient address has null MX')).toBe('notaccept');
  });
  it("5.2.3 is over the recipient's own limit (exceedlimit), 5.3.4 over the system's (emailtoolarge)", () => {
    expect(reasonOf('552 5.2.3 Message length exceeds limit set by recipient')).toBe('exceedlimit');
    expect(reasonOf('552 5.3.4 Message size exceeds fixed limit')).toBe('emailtoolarge');
  });
  it("qmail-ldap's LDAP failure is a system error even when qmail then gives up on the queue", async () => {
    expect(await sisimai('lhost-qmail-05.eml')).toEqual([
      { recipient: 'kijitora@example.net', reason: 'systemerror', verdict: 'retry' },
    ]);
  });
  it('qmail\'s "couldn\'t find a mail exchanger or IP address" is a domain that takes no mail', async () => {
    expect((await sisimai('lhost-qmail-12.eml')).map((f) => f.reason)).toEqual(['notaccept']);
  });
  it('Gmail\'s "fails to pass authentication checks" is an authentication failure, not a generic 5.7.1', () => {
    const text =
      '550-5.7.1 This message does not have authentication information or fails to pass\n' +
      '550 5.7.1 authentication checks (SPF or DKIM).';
    expect(reasonOf(text)).toBe('authfailure');
  });
  it('an unknown NDR subject leaves the code to decide', () => {
    expect(reasonOf('550 5.1.1 RESOLVER.ADR.SomethingNew; no such user')).toBe('userunknown');
  });
});

describe("verdict: a sender-side code sent about the recipient's mailbox", () => {
  it('"525 5.7.13 <a>: Recipient address rejected: User account disabled" drops the address (suspended)', () => {
    const [f] = analyze('525 5.7.13 <neko@example.org>: Recipient address rejected: User account disabled', k).findings;
    expect([f.reason, f.verdict]).toEqual(['suspend', 'suppress']);
  });
  it('the same code answering AUTH (no recipient named) stays with the sender', () => {
    const [f] = analyze('525 5.7.13 User account disabled', k).findings;
    expect(f.verdict).toBe('fix-sender');
  });
  it('recipientsMailbox needs a mailbox reason and the recipient in view', () => {
    expect(recipientsMailbox('suspend', { command: 'RCPT' }, 'account disabled')).toBe(true);
    expect(recipientsMailbox('suspend', { recipient: 'a@b.example' }, 'A@B.example disabled')).toBe(true);
    expect(recipientsMailbox('suspend', {}, 'account disabled')).toBe(false);
    expect(recipientsMailbox('blocked', { command: 'RCPT' }, 'recipient blocked')).toBe(false);
  });
});

describe('reason: a specific code against the words', () => {
  it('among policy reasons the more specific wins: a failed PTR lookup under 4.7.1 is requireptr', () => {
    const text = '450 4.7.1 Access denied. IP name lookup failed [192.0.2.222]';
    expect(classifyReason({ text, enhanced: '4.7.1', reply: '450', inferred: false }, reasons)).toBe('requireptr');
    expect(wordsOverCode('blocked', 'requireptr')).toBe(true);
    expect(wordsOverCode('requireptr', 'blocked')).toBe(false);
  });
  it('a temporary refusal for a missing reverse DNS name asks to fix the sender; other temporary ones retry', () => {
    const ptr = analyze(
      'status=deferred (host mx2.example.fr[192.0.2.58] refused to talk to me: 421 Refused. Your reverse DNS entry does not resolve to an IP.)',
      k,
    ).findings;
    expect(ptr.map((f) => [f.replyCode, f.reason, f.verdict])).toEqual([['421', 'requireptr', 'fix-sender']]);
    expect(ptr[0].warnings.join(' ')).toMatch(/temporary but .*reverse DNS/);
    const busy = analyze('421 4.7.0 Try again later, closing connection. (EHLO)', k).findings;
    expect(busy.map((f) => f.verdict)).toEqual(['retry']);
  });
  it('a 5.2.1 refused at RCPT TO with no words that say why is a disabled mailbox, not a filter', () => {
    const at = (command: string | undefined) =>
      classifyReason(
        {
          text: '550 5.2.1 Mailbox not available / Konto niedostepne',
          enhanced: '5.2.1',
          reply: '550',
          inferred: false,
          command,
        },
        reasons,
      );
    expect(at('RCPT')).toBe('suspend');
    expect(at('DATA')).toBe('filtered'); // after the message: a filter may answer so
    expect(at(undefined)).toBe('filtered');
    const [f] = analyze(
      '<a@example.net>: host mx.example.net[192.0.2.64] said: 550 5.2.1 Mailbox not available (in reply to RCPT TO command)',
      k,
    ).findings;
    expect([f.reason, f.verdict]).toEqual(['suspend', 'suppress']);
  });
  it("a temporary code whose page says to fix the sender is fix-sender, with the page's reason in a warning", () => {
    const [f] = analyze('450 4.7.27 Sender address has null MX', k).findings;
    expect(f.verdict).toBe('fix-sender');
    expect(f.warnings.join(' ')).toContain('does not clear by waiting');
    expect(analyze('450 4.2.2 Mailbox full', k).findings[0].verdict).toBe('retry');
  });
  it("sisimai's code-table 'filtered' without words that say so takes the code page's verdict", () => {
    const bare = analyze('550 5.2.1', k).findings[0];
    expect([bare.reason, bare.verdict]).toEqual(['filtered', 'suppress']); // X.2.1 page: mailbox disabled
    const spam = analyze('550 5.2.1 Message rejected as spam by Content Filtering', k).findings[0];
    expect(spam.verdict).not.toBe('suppress');
  });
  it("a retry on a permanent reply gets the send-again advice, not the queue's schedule", () => {
    const full = analyze('552 5.2.2 Mailbox full', k).findings[0];
    expect(full.verdict).toBe('retry');
    expect(full.retry?.schedule).toMatch(/reply was permanent \(5xx\), so no server retries this message/);
    expect(full.retry?.giveUp).not.toMatch(/four to five days/);
    expect(analyze('452 4.2.2 Mailbox full', k).findings[0].retry?.giveUp).toMatch(/four to five days/);
  });
  it("a failed reverse DNS check after Postfix's prefix is requireptr, under a vague 5.0.0", () => {
    const text = '550 5.0.0 <a@example.net>: Recipient address rejected: Reverse DNS validation failed';
    expect(classifyReason({ text, enhanced: '5.0.0', reply: '550', inferred: false }, reasons)).toBe('requireptr');
  });
  it("whether the mailbox exists stays the code's to say (only the listed exceptions yield)", () => {
    expect(wordsOverCode('blocked', 'userunknown')).toBe(false);
    expect(wordsOverCode('userunknown', 'mailboxfull')).toBe(true);
    expect(wordsOverCode('userunknown', undefined)).toBe(false);
    expect(wordsOverCode('mailboxfull', 'mailboxfull')).toBe(false);
  });
  it('a refusal at the greeting under a broad code (5.7.1) is a block of the client; at RCPT it is not', () => {
    const r = (command: string) =>
      classifyReason(
        { text: '554 5.7.1 [C14] Missing reverse DNS', enhanced: '5.7.1', reply: '554', command, inferred: false },
        reasons,
      );
    expect(r('CONN')).toBe('blocked');
    expect(r('RCPT')).toBe('securityerror');
  });
  it('a refusal at the greeting with words that say nothing known is a block of the client', () => {
    expect(
      classifyReason({ text: '550 Access denied...7d39d5', reply: '550', command: 'CONN', inferred: false }, reasons),
    ).toBe('blocked');
  });
});

describe('NTT docomo: "550 Unknown user" after DATA is its reception filter refusing the sender', () => {
  const base = { text: '550 Unknown user a@docomo.ne.jp', reply: '550', enhanced: '5.0.0', inferred: false };
  it('after DATA it is a refusal (rejected); at RCPT a dead address', () => {
    expect(classifyReason({ ...base, command: 'DATA', remoteMta: 'mfsmax.docomo.ne.jp' }, reasons)).toBe('rejected');
    expect(classifyReason({ ...base, command: 'RCPT', remoteMta: 'mfsmax.docomo.ne.jp' }, reasons)).toBe('userunknown');
  });
  it('only for docomo, and only under a vague code', () => {
    expect(docomoRefusal({ ...base, command: 'DATA', recipient: 'a@docomo.ne.jp' })).toBe(true);
    expect(docomoRefusal({ ...base, command: 'DATA', recipient: 'a@notdocomo.ne.jp.example' })).toBe(false);
    expect(docomoRefusal({ ...base, command: 'DATA', recipient: 'a@xdocomo.ne.jp' })).toBe(false);
    expect(docomoRefusal({ ...base, enhanced: '5.1.1', command: 'DATA', recipient: 'a@docomo.ne.jp' })).toBe(false);
  });
});

describe("wordsReason: one pass gives the reason and whether it is a provider's own wording", () => {
  it('agrees with reasonFromWords and its first-only form', () => {
    for (const text of [
      '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
      '550 5.1.1 mailbox is full',
      'nothing known here',
      '',
    ]) {
      const own = reasonFromWords(text, reasons, true);
      expect(wordsReason(text, reasons)).toEqual({ reason: reasonFromWords(text, reasons), own: own !== undefined });
    }
    expect(wordsReason('550 5.1.10 RESOLVER.ADR.RecipientNotFound', reasons)).toEqual({
      reason: 'userunknown',
      own: true,
    });
  });
});

describe('the phrases (data/reasons.yaml)', () => {
  const file = parse(readFileSync('data/reasons.yaml', 'utf8')) as {
    reason: string;
    phrases: { lang: string; texts: string[] }[];
  }[];
  const all = file.flatMap((r) => r.phrases.flatMap((g) => g.texts.map((t) => [g.lang, r.reason, t] as const)));
  it('cover at least the languages issue 7 lists', () => {
    expect(new Set(all.map(([lang]) => lang).filter((l) => l !== 'en'))).toEqual(
      new Set(['ja', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'ru', 'zh', 'pl', 'cs']),
    );
  });
  it('each decide their own reason: no phrase is shadowed by another reason', () => {
    expect(all.length).toBeGreaterThan(1300);
    // Alone (with "x" where " … " allows anything), each phrase must win.
    const lost = all.filter(([, reason, t]) => wordsReason(t.replaceAll(' … ', ' x '), reasons).reason !== reason);
    expect(lost).toEqual([]);
  });
  it('a longer phrase wins over the shorter one of another reason that it holds', () => {
    // systemfull's wording holds mailboxfull's "exceeded storage allocation", tried earlier in the file.
    expect(reasonFromWords('552 requested mail action aborted: exceeded storage allocation', reasons)).toBe(
      'systemfull',
    );
    expect(reasonFromWords('552 exceeded storage allocation', reasons)).toBe('mailboxfull');
    // SES throttling is not a full mailbox, though it says "quota exceeded".
    expect(reasonFromWords('454 Throttling failure: Daily message quota exceeded.', reasons)).toBe('toomanyconn');
  });
  it('orders phrases: the file order, a longer phrase just before the shorter ones of other reasons it holds', () => {
    const at = (reason: string, text: string, rank: number, first = false) => ({ reason, text, rank, first, at: '' });
    const groups = specificFirst([
      at('a', 'quota exceeded', 0),
      at('b', 'user unknown', 1),
      at('c', 'daily quota exceeded', 2),
      // Nested: d holds c's phrase, which holds a's; each goes just before the one it holds.
      at('d', 'throttling: daily quota exceeded', 3),
      // Parts in order: "spam … exceeded" holds neither, and "no such user unknown" holds b's phrase.
      at('e', 'spam … exceeded', 4),
      at('e', 'no such user unknown', 4),
      // A provider's own wording (negative rank) comes first; a phrase holding it joins it there.
      at('f', 'resolver.rst', -7, true),
      at('g', '550 resolver.rst.x', 5),
    ]);
    expect(groups).toEqual([
      { reason: 'g', texts: [], first: ['550 resolver.rst.x'] },
      { reason: 'f', texts: [], first: ['resolver.rst'] },
      { reason: 'd', texts: ['throttling: daily quota exceeded'] },
      { reason: 'c', texts: ['daily quota exceeded'] },
      { reason: 'a', texts: ['quota exceeded'] },
      { reason: 'e', texts: ['no such user unknown'] },
      { reason: 'b', texts: ['user unknown'] },
      { reason: 'e', texts: ['spam … exceeded'] },
    ]);
  });
  it('a text listed under two reasons fails loading, naming the place that never decides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reasons-'));
    const yaml = (reason: string, texts: string[]) =>
      `- reason: ${reason}\n  about: "${reason} in a sentence of twenty characters."\n  phrases:\n    - lang: en\n      texts: [${texts.map((t) => `"${t}"`).join(', ')}]\n`;
    writeFileSync(
      join(dir, 'reasons.yaml'),
      yaml('suspend', ['no longer accepts mail']) + yaml('userunknown', ['no such user', 'no longer accepts mail']),
    );
    writeFileSync(join(dir, 'reason-labels.yaml'), '[]\n');
    expect(() => loadReasons(join(dir, 'reasons.yaml'))).toThrow(
      /reasons\.yaml: reason 1 \("userunknown"\), field "phrases\.0\.texts\.1": "no longer accepts mail" is also a phrase of "suspend" \(reason 0 \("suspend"\), field "phrases\.0\.texts\.0"\), which is tried first/,
    );
  });
  it("reads sourced notices in Chinese, Japanese, Polish and French, a code's vagueness left to the words", () => {
    const read = (text: string) => analyze(text, k).findings.map((f) => [f.reason, f.verdict]);
    expect(read('550 5.0.0 <a@example.cn>: 投递失败，收件人不存在')).toEqual([['userunknown', 'suppress']]);
    expect(read('552 <a@example.jp>: 受信者のメールボックスが一杯になって')).toEqual([['mailboxfull', 'retry']]);
    expect(read('550 <a@example.pl>: podane konto jest zablokowane administracyjnie lub nieaktywne')).toEqual([
      ['suspend', 'suppress'],
    ]);
    expect(read('554 5.7.1 <a@example.fr>: adresse ip source bloquee pour incident de spam')).toEqual([
      ['blocked', 'fix-sender'],
    ]);
  });
});
