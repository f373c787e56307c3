import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, buildKnowledge, plainTypography, prepareKnowledge, type Finding } from '../../src/lib/analyzer';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { withCpuMs } from '../support/cpu';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers')));
const run = (text: string) => analyze(text, k).findings;
const one = (text: string): Finding => {
  const f = run(text);
  expect(f, text).toHaveLength(1);
  return f[0];
};

describe('reply lines', () => {
  it('joins a multi-line reply and matches the provider text', () => {
    const f = one(
      "550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser a1si1 - gsmtp",
    );
    expect(f).toMatchObject({
      replyCode: '550',
      enhancedCode: '5.1.1',
      verdict: 'suppress',
      inferred: false,
      variant: { provider: 'gmail' },
    });
    expect(f.evidence.map((e) => e.why)).toEqual([
      'reply code',
      'enhanced code',
      "Gmail and Google Workspace's wording",
    ]);
  });

  it.each([
    [
      'smtp; 550 5.1.1 <a@b.example>: Recipient address rejected: User unknown in local recipient table',
      '550',
      '5.1.1',
      'suppress',
    ],
    ['"550 5.1.1 User unknown"', '550', '5.1.1', 'suppress'],
    [
      "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
      '550',
      '5.1.10',
      'suppress',
    ],
    ['#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##', '550', '5.1.1', 'suppress'],
    ['[421 4.7.0 Try again later, closing connection.]', '421', '4.7.0', 'retry'],
    ['552 5.3.4 Message size exceeds fixed limit', '552', '5.3.4', 'fix-message'],
  ])('%s', (text, reply, enhanced, verdict) => {
    expect(one(text)).toMatchObject({ replyCode: reply, enhancedCode: enhanced, verdict });
  });

  it('lets the words decide a bare reply code', () => {
    expect(one('550 User unknown').verdict).toBe('suppress');
    expect(one('554 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org').verdict).toBe(
      'fix-sender',
    );
  });

  it('reads log lines, one finding each, with recipients', () => {
    const f = run(
      'Nov 27 10:00:01 mx postfix/smtp[1]: A1: to=<a@example.com>, status=bounced (host x[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))\n' +
        'Nov 27 10:00:02 mx postfix/smtp[2]: A2: to=<b@example.org>, dsn=4.4.1, status=deferred (connect to mx.example.org[192.0.2.2]:25: Connection timed out)\n' +
        'Nov 27 10:00:03 mx postfix/smtp[3]: A3: to=<c@example.net>, status=deferred (host mx.example.net[192.0.2.3] said: 450 4.2.0 <c@example.net>: Recipient address rejected: Greylisted (in reply to RCPT TO command))',
    );
    expect(f.map((x) => [x.recipient, x.replyCode, x.enhancedCode, x.verdict])).toEqual([
      ['a@example.com', '550', '5.1.1', 'suppress'],
      ['b@example.org', undefined, '4.4.1', 'retry'],
      ['c@example.net', '450', '4.2.0', 'retry'],
    ]);
  });
});

const dsn = (eol: string) =>
  [
    'From: MAILER-DAEMON@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mail.example.org',
    '',
    'Final-Recipient: rfc822; one@example.com',
    'Original-Recipient: rfc822;one@example.com',
    'Action: failed',
    'Status: 5.1.1',
    'Remote-MTA: dns; mx.example.com',
    'Diagnostic-Code: smtp; 550 5.1.1 <one@example.com>: Recipient address',
    '    rejected: User unknown in virtual mailbox table',
    '',
    'Final-Recipient: rfc822; two@example.net',
    'Action: delayed',
    'Status: 4.4.1',
    'Diagnostic-Code: X-Postfix; connect to mx.example.net[192.0.2.7]:25: Connection',
    '    timed out',
    '',
    'Final-Recipient: rfc822; three@example.com',
    'Action: delivered',
    'Status: 2.0.0',
    '--b--',
  ].join(eol);

describe('delivery status notifications', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ]) {
    it(`gives one result per failed or delayed recipient (${name}, folded lines)`, () => {
      const f = run(dsn(eol));
      expect(f.map((x) => [x.recipient, x.action, x.replyCode, x.enhancedCode, x.verdict])).toEqual([
        ['one@example.com', 'failed', '550', '5.1.1', 'suppress'],
        ['two@example.net', 'delayed', undefined, '4.4.1', 'retry'],
      ]);
      expect(f[0].text).toContain('User unknown in virtual mailbox table');
      expect(f[0].variant?.provider).toBe('postfix');
      expect(f[0].remoteMta).toBe('mx.example.com');
      expect(f[1].retry?.giveUp).toMatch(/four to five days/);
    });
  }
});

describe('text without a code', () => {
  it.each([
    [
      'Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found',
      '5.1.2',
      'suppress',
    ],
    ['connect to mx.example.org[192.0.2.2]:25: Connection timed out', '4.4.1', 'retry'],
    ['The recipient mailbox is full', '4.2.2', 'retry'],
    ['retry timeout exceeded', '4.4.7', 'retry'],
  ])('%s', (text, code, verdict) => {
    expect(one(text)).toMatchObject({ enhancedCode: code, inferred: true, verdict, replyCode: undefined });
  });

  it('finds nothing in text that is not a bounce', () => {
    expect(run('Hello, thanks for the invoice. See you on Monday!')).toEqual([]);
    expect(run('')).toEqual([]);
    const prose = Array.from({ length: 8 }, (_, i) => `Line ${i}: our spam filter blocked nothing this week.`).join(
      '\n',
    );
    expect(run(prose)).toEqual([]);
  });
});

describe('warnings', () => {
  it('flags a reply and enhanced code of different classes', () => {
    expect(one('550 4.7.1 Relaying temporarily denied').warnings[0]).toMatch(
      /550 is permanent but the enhanced code 4\.7\.1 is temporary/,
    );
  });
  it('flags a temporary reply that says retrying will not succeed, and does not say retry', () => {
    const f = one(
      '421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See http://postmaster.yahoo.com/421-ts03.html',
    );
    expect(f.verdict).toBe('fix-sender');
    expect(f.warnings.join(' ')).toMatch(/retrying will not succeed/);
    expect(f.evidence.some((e) => e.why === 'says retrying will not help')).toBe(true);
  });
  it('flags a number a provider uses differently from the registry', () => {
    const f = one('550 5.7.27 some other text');
    expect(f.warnings.join(' ')).toMatch(/Gmail/);
  });
});

describe('plainTypography', () => {
  it('reads no-break spaces as spaces and curly quotes as straight ones, one character for one', () => {
    const copied = 'a\u00a0b\u2007c\u202fd \u2018e\u2019 \u201cf\u201d';
    expect(plainTypography(copied)).toBe('a b c d \'e\' "f"');
    expect(plainTypography(copied)).toHaveLength(copied.length);
    expect(plainTypography('plain text, “nothing” else')).toBe('plain text, "nothing" else');
  });
});

describe('robustness', () => {
  const texts = fc.oneof(
    fc.string({ maxLength: 2000 }),
    fc.string({ unit: 'grapheme', maxLength: 500 }),
    fc
      .array(
        fc.constantFrom(
          '550',
          '-',
          ' ',
          '5.1.1',
          '4.',
          '.',
          '<',
          '>',
          '@',
          'a',
          '\n',
          '\r\n',
          'smtp;',
          'Status: ',
          'Diagnostic-Code: ',
          'Final-Recipient: ',
          '  ',
          "'",
          '#',
        ),
        { maxLength: 400 },
      )
      .map((a) => a.join('')),
  );
  it('never throws and always returns well-formed findings', () => {
    fc.assert(
      fc.property(texts, (t) => {
        const { findings } = analyze(t, k);
        for (const f of findings) {
          expect(['suppress', 'fix-message', 'fix-sender', 'retry', 'none']).toContain(f.verdict);
          for (const e of f.evidence) expect(e.start >= 0 && e.end <= f.text.length && e.start <= e.end).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('has no catastrophic backtracking on adversarial input, and reads it right (each case well under a second)', () => {
    // [input, the [reply, enhanced] of each finding]: noise gives nothing, a code gives one finding.
    const cases: [string, (string | undefined)[][]][] = [
      ['a'.repeat(200_000), []],
      [' '.repeat(200_000), []],
      ['550-'.repeat(50_000), [['550', undefined]]],
      ['5.5.5.'.repeat(40_000), []],
      ['<'.repeat(100_000) + '@', []],
      [`${'x'.repeat(64)}@`.repeat(5_000), []],
      ['Diagnostic-Code: smtp; 550 ' + ' 5.1.1 '.repeat(30_000), [['550', '5.1.1']]],
      [`said: ${'550 '.repeat(50_000)}`, [['550', undefined]]],
      ['connect to '.repeat(30_000), []],
    ];
    for (const [c, expected] of cases) {
      const [{ findings }, ms] = withCpuMs(() => analyze(c, k));
      expect(ms, c.slice(0, 20)).toBeLessThan(1000);
      expect(
        findings.map((f) => [f.replyCode, f.enhancedCode]),
        c.slice(0, 20),
      ).toEqual(expected);
      for (const f of findings) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
  });

  it('analyses a 1 MB bounce log without stalling (the exact figure is in npm run bench)', () => {
    const line = (i: number) =>
      `Nov 27 10:00:01 mx postfix/smtp[${i}]: Q${i}: to=<user${i}@example.com>, status=bounced (host x[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))\n`;
    let big = '';
    for (let i = 0; big.length < 1_048_576; i++) big += line(i);
    const [{ findings }, ms] = withCpuMs(() => analyze(big, k));
    expect(ms).toBeLessThan(2000);
    expect(findings.length).toBe(big.split('\n').length - 1);
    expect(new Set(findings.map((f) => `${f.replyCode} ${f.enhancedCode} ${f.verdict}`))).toEqual(
      new Set(['550 5.1.1 suppress']),
    );
  });

  it('cuts input beyond the limit and says so', () => {
    expect(analyze('550 5.1.1 x\n'.padEnd(5 * 1024 * 1024, 'y'), k).truncated).toBe(true);
  });
});

describe('provider matching in a long log', () => {
  it('does not let lines that differ only in digits borrow each other’s provider', () => {
    const f = run(
      '554 5.4.6 Message exceeded 50 hops, this may indicate a mail loop. - gsmtp\n554 5.4.6 Message exceeded 51 hops, this may indicate a mail loop. - gsmtp',
    );
    expect(f.map((x) => x.variant?.provider ?? null)).toEqual(['gmail', null]);
  });
});

describe('where a matched provider text is explained', () => {
  it('names the page that holds its anchor, even when the reply used other codes', () => {
    // Microsoft's "Access denied" text answered with 554 5.7.1 instead of its documented code.
    const f = one('554 5.7.1 <a@example.ch>: Recipient address rejected: Access denied');
    expect(f.variant?.provider).toBe('microsoft');
    const v = k.variants.find((x) => x.id === f.variant!.id)!;
    expect(f.variant!.home).toBe(v.enhanced && k.documented.has(v.enhanced) ? v.enhanced : v.reply);
    expect(f.variant!.home).not.toBe('5.7.1');
  });
});
