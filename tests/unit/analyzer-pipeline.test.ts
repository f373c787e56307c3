// The analyzer pipeline stage by stage: MIME and charsets, the DSN reader, reasons, and the
// reliability defects found by probing (each asserts the result and a time bound).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, analyzeEmail, buildKnowledge, prepareKnowledge, type Finding } from '../../src/lib/analyzer';
import { inlineForward, quotedReply } from '../../src/lib/analyzer/quoted-notice';
import { readMessage } from '../../src/lib/analyzer/message';
import { withPartCharsets } from '../../src/lib/analyzer/part-charsets';
import { commandIn } from '../../src/lib/analyzer/readers/command';
import { classifyReason, reasonFromWords } from '../../src/lib/analyzer/reason';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';
import { WORDS_ONLY_NOTICE } from '../support/notices';
import { reasonsFileSchema } from '../../src/schemas/reasons';

const reasons = loadReasons();
const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), reasons));
const pick = (f: Finding) => ({
  recipient: f.recipient,
  reply: f.replyCode,
  enhanced: f.enhancedCode,
  reason: f.reason,
  verdict: f.verdict,
});

/**
 * Runs fn and checks it took less than ms of this process's CPU: other processes on a shared
 * machine stretch the wall clock, not our CPU time. The defects these guard against took seconds.
 */
async function timed<T>(ms: number, fn: () => T | Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const out = await fn();
  const used = process.cpuUsage(cpu);
  expect((used.user + used.system) / 1000).toBeLessThan(ms);
  return out;
}

const email = (headers: string, body: string, eol = '\n') =>
  `From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n${headers}\n\n${body}`.replace(
    /\n/g,
    eol,
  );

const dsnEmail = (report: string, human = 'Your message could not be delivered.') =>
  email(
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    `--B\nContent-Type: text/plain\n\n${human}\n\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n${report}\n\n--B\nContent-Type: message/rfc822\n\nFrom: sender@example.org\nTo: someone@example.com\nMessage-ID: <m1@example.org>\nSubject: hello\n\n550 5.1.1 this line of the original is not a failure\n--B--\n`,
  );

describe('message stage', { timeout: 30_000 }, () => {
  it('decodes base64 and quoted-printable parts and RFC 2047 words', async () => {
    const b64 = Buffer.from('550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown').toString(
      'base64',
    );
    const a = await analyzeEmail(
      email('Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64', b64),
      k,
    );
    expect(a.findings.map(pick)).toEqual([
      { recipient: 'kijitora@example.jp', reply: '550', enhanced: '5.1.1', reason: 'userunknown', verdict: 'suppress' },
    ]);
    const qp = await analyzeEmail(
      email(
        'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable',
        'host mx.example.jp said: 552 5.2.2 <neko@example.jp>: mailbox is=\n full (in reply to RCPT TO command)',
      ),
      k,
    );
    expect(qp.findings.map((f) => [f.recipient, f.enhancedCode, f.reason, f.command])).toEqual([
      ['neko@example.jp', '5.2.2', 'mailboxfull', 'RCPT'],
    ]);
  });

  // Each notice's words, as they read once decoded (decoded apart from the code under test, with Python's codecs).
  it.each([
    [
      'iso-2022-jp',
      'GyRCJDMkTjA4QGgkT0I4Ol8kNyRKJCQlYSE8JWslIiVJJWwlOSRHJDkbKEIgKBskQjA4QGhJVExAGyhCKQ==',
      'この宛先は存在しないメールアドレスです',
      'userunknown',
    ],
    [
      'shift_jis',
      'g4GBW4OLg3uDYoNOg1iCqoKigsGCz4KigsWCtzogl2WXypK0id8=',
      'メールボックスがいっぱいです',
      'mailboxfull',
    ],
    ['koi8-r', '4cTSxdPB1CDOxSDT1d3F09TX1cXUOiDQz8zY2s/XwdTFzNggzsUgzsHKxMXO', 'Адресат не существует', 'userunknown'],
    ['gb18030', 'ytW8/sjL08rP5NLRwvqjrM7et6jNtrXd', '收件人邮箱已满，无法投递', 'mailboxfull'],
    ['big5', 'pqyl86rMq0i9Y6R3uqGhQbVMqmun67u8', '收件者信箱已滿，無法投遞', 'mailboxfull'],
    [
      'euc-kr',
      'NTUyIDUuMi4yILnetMIgu+e298DHILjewM/H1MDMILChteYgw6G9wLTPtNk=',
      '받는 사람의 메일함이 가득 찼습니다',
      'mailboxfull',
    ],
  ])('decodes %s text, keeps it as the finding text and reads its words', async (charset, base64, words, reason) => {
    const body = `<neko@example.jp>:\n${Buffer.from(base64, 'base64').toString('latin1')}`;
    const bytes = Buffer.from(
      email(`Content-Type: text/plain; charset=${charset}\nContent-Transfer-Encoding: 8bit`, body),
      'latin1',
    );
    const a = await analyzeEmail(new Uint8Array(bytes), k);
    expect(a.findings.map((f) => [f.recipient, f.reason])).toEqual([['neko@example.jp', reason]]);
    expect(a.findings[0].text).toContain(words);
  });

  it('gives Original-Recipient as originalRecipient only where it differs from the final recipient', async () => {
    const block = (original: string) =>
      `Original-Recipient: rfc822;${original}\nFinal-Recipient: rfc822; bob@mail.example.com\nAction: failed\nStatus: 5.1.1`;
    const forwarded = await analyzeEmail(dsnEmail(block('info@example.com')), k);
    expect(forwarded.findings.map((f) => [f.recipient, f.originalRecipient])).toEqual([
      ['bob@mail.example.com', 'info@example.com'],
    ]);
    const same = await analyzeEmail(dsnEmail(block('Bob@mail.example.com')), k);
    expect(same.findings.map((f) => [f.recipient, f.originalRecipient])).toEqual([['bob@mail.example.com', undefined]]);
  });

  it('reads CR, LF and CRLF line ends alike', async () => {
    const report = 'Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1';
    for (const eol of ['\n', '\r\n', '\r']) {
      const a = await analyzeEmail(dsnEmail(report).replace(/\n/g, eol), k);
      expect(
        a.findings.map((f) => [f.recipient, f.enhancedCode]),
        JSON.stringify(eol),
      ).toEqual([['a@example.com', '5.1.1']]);
    }
  });

  it('reads an email whose header runs past 8 KB (Microsoft 365 notices) as an email', async () => {
    const received = Array.from(
      { length: 120 },
      (_, i) => `Received: from relay${i}.example.net (192.0.2.${i % 250}) by mx.example.net with ESMTPS id ${i}`,
    ).join('\n');
    const a = await analyzeEmail(
      `${received}\n${dsnEmail('Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1')}`,
      k,
    );
    expect(received.length).toBeGreaterThan(8192);
    // Read as text, the returned original's "550 5.1.1" line would be a second failure.
    expect(a.findings.map((f) => [f.recipient, f.enhancedCode])).toEqual([['a@example.com', '5.1.1']]);
    expect(a.original?.messageId).toBe('<m1@example.org>');
  });

  it('sets the returned original apart: context, never a finding', async () => {
    const a = await analyzeEmail(dsnEmail('Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.2.2'), k);
    expect(a.findings).toHaveLength(1);
    expect(a.original).toEqual({
      messageId: '<m1@example.org>',
      from: 'sender@example.org',
      to: ['someone@example.com'],
    });
  });

  it('decodes RFC 2047 subjects and passes text that is not an email through', async () => {
    const m = await readMessage(
      email('Subject2: x\nContent-Type: text/plain', 'body').replace(
        'Subject: Undelivered Mail Returned to Sender',
        'Subject: =?iso-2022-jp?b?GyRCR1s/LiUoJWkhPBsoQjogGyRCMDhAaElUTEAbKEI=?=',
      ),
    );
    expect(m.text.startsWith('Subject: 配信エラー: 宛先不明')).toBe(true);
    const plain = await readMessage('550 5.1.1 User unknown');
    expect(plain).toMatchObject({ email: false, text: '550 5.1.1 User unknown' });
  });

  it('never throws or hangs on truncated and malformed MIME (fuzz)', async () => {
    const part = fc.record({
      type: fc.constantFrom(
        'text/plain',
        'message/delivery-status',
        'message/rfc822',
        'text/rfc822-headers',
        'multipart/mixed; boundary="C"',
        'text/plain; charset=iso-2022-jp',
        'text/plain; charset=x-unknown',
      ),
      encoding: fc.constantFrom('7bit', 'base64', 'quoted-printable', 'x-bogus'),
      body: fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.constantFrom(
          'Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1',
          '=\n=4',
          '====',
          '--C\n',
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 4 }), fc.nat({ max: 2000 }), async (parts, cutAt) => {
        const body = parts
          .map((p) => `--B\nContent-Type: ${p.type}\nContent-Transfer-Encoding: ${p.encoding}\n\n${p.body}\n`)
          .join('');
        const whole = email('Content-Type: multipart/report; boundary="B"', `${body}--B--\n`);
        const a = await timed(1000, () => analyzeEmail(whole.slice(0, whole.length - cutAt), k));
        expect(Array.isArray(a.findings)).toBe(true);
        for (const f of a.findings) expect(typeof f.reason).toBe('string');
      }),
      { numRuns: 150 },
    );
  });
});

describe('DSN reader', () => {
  it('takes the specific code in the diagnostic over a generic Status', async () => {
    const a = await analyzeEmail(
      dsnEmail(
        'Final-Recipient: rfc822; user@example.com\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.7.1 [BFD] Sender prohibited by SPF',
      ),
      k,
    );
    expect(a.findings.map(pick)).toEqual([
      { recipient: 'user@example.com', reply: '550', enhanced: '5.7.1', reason: 'authfailure', verdict: 'fix-sender' },
    ]);
  });

  it('keeps a specific 5.7.x code behind Postfix\'s "Recipient address rejected:" prefix', async () => {
    const a = await analyzeEmail(
      dsnEmail(
        'Final-Recipient: rfc822; user@example.com\nAction: failed\nStatus: 5.7.1\nDiagnostic-Code: smtp; 554 5.7.1 <user@example.com>: Recipient address rejected: Sender not in allow list, access denied',
      ),
      k,
    );
    expect(a.findings.map((f) => [f.enhancedCode, f.verdict])).toEqual([['5.7.1', 'fix-sender']]);
    expect(a.findings[0].reason).not.toBe('userunknown');
  });

  it('unfolds folded fields, reads Action: error, and prefers a usable recipient over an X.400 one', async () => {
    const a = await analyzeEmail(
      dsnEmail(
        [
          'Original-Recipient: rfc822;kijitora@example.jp',
          'Final-Recipient: x400; /S=kijitora/O=example/P=example/C=jp/',
          'Action: error',
          'Status: 5.1.1',
          '',
          'Final-Recipient: rfc822;',
          ' neko@example.org',
          'Action: failed',
          'Status: 5.2.2',
          'Diagnostic-Code: smtp; 552 5.2.2 Mailbox',
          '  full',
        ].join('\n'),
      ),
      k,
    );
    expect(a.findings.map((f) => [f.recipient, f.enhancedCode, f.reason, f.text])).toEqual([
      ['kijitora@example.jp', '5.1.1', 'userunknown', 'error 5.1.1'],
      ['neko@example.org', '5.2.2', 'mailboxfull', '552 5.2.2 Mailbox full'],
    ]);
  });
});

describe('reasons', () => {
  it('lets the words decide a vague code, in several languages', () => {
    const reason = (text: string, enhanced?: string) =>
      classifyReason({ text, enhanced, reply: '550', inferred: false }, reasons);
    expect(reason('550 5.0.0 Mailbox is full', '5.0.0')).toBe('mailboxfull');
    expect(reason('550 5.1.1 blah', '5.1.1')).toBe('userunknown');
    expect(reason('550 Benutzer unbekannt')).toBe('userunknown');
    expect(reason('550 utilisateur inconnu')).toBe('userunknown');
    expect(reason('550 用户不存在')).toBe('userunknown');
    expect(reason('550 Пользователь не найден')).toBe('userunknown');
    expect(reason('550 5.7.1 Message rejected as spam by Content Filtering', '5.7.1')).toBe('spamdetected');
    expect(reasonFromWords('nothing to see', reasons)).toBeUndefined();
  });

  it('calls a "user unknown" after DATA filtered, and records the command', () => {
    expect(commandIn('550 User unknown (in reply to end of DATA command)')).toBe('DATA');
    expect(commandIn('SMTP error from remote mail server after RCPT TO:<a@b.example>:')).toBe('RCPT');
    expect(commandIn('>>> MAIL FROM:<a@b.example>')).toBe('MAIL');
    expect(classifyReason({ text: '550 User unknown', reply: '550', inferred: false, command: 'DATA' }, reasons)).toBe(
      'filtered',
    );
  });

  it('rejects a reasons file with an unknown reason, an upper-case phrase or no meaning', () => {
    const about = 'The receiver refuses the sending IP.';
    const ok = (r: object) => reasonsFileSchema.safeParse([r]).success;
    expect(ok({ reason: 'nosuch', about, phrases: [{ lang: 'en', texts: ['abc'] }] })).toBe(false);
    expect(ok({ reason: 'blocked', about, phrases: [{ lang: 'en', texts: ['Upper Case'] }] })).toBe(false);
    expect(ok({ reason: 'blocked', phrases: [{ lang: 'en', texts: ['in an rbl'] }] })).toBe(false);
    expect(ok({ reason: 'blocked', about, phrases: [{ lang: 'en', texts: ['in an rbl'] }] })).toBe(true);
  });

  it('rejects a phrase whose spacing the lower-cased, space-squeezed text can never hold', () => {
    const about = 'The receiver refuses the sending IP.';
    const ok = (text: string) =>
      reasonsFileSchema.safeParse([{ reason: 'blocked', about, phrases: [{ lang: 'en', texts: [text] }] }]);
    // A narrow no-break space (as a vendor's web page may show it), two spaces, a tab.
    for (const bad of ['remote\u202fcertificate failed', 'user  unknown', 'user\tunknown', 'user  …   unknown'])
      expect(JSON.stringify(ok(bad).error?.issues), bad).toContain('single ordinary spaces');
    expect(JSON.stringify(ok('user … ').error?.issues)).toContain('both sides');
    // A part may keep its one space next to the ellipsis ("spam " is not "spamhaus").
    for (const good of ['spam  …  exceeded', 'user … unknown', 'quota ']) expect(ok(good).success, good).toBe(true);
  });
});

// Wall-clock timeouts are generous: the machine is shared; the CPU budgets in timed() are the check.
describe('reliability: inputs that used to stall the analyzer', { timeout: 30_000 }, () => {
  it('REPLY_AFTER: "error:" then kilobytes of blanks and no code', async () => {
    for (const blank of [' ', '\t']) {
      const line = `error:${blank.repeat(8192)}x`;
      const a = await timed(500, () => analyze(line, k));
      expect(a.findings).toEqual([]);
      // The same introducer with a code still reads as a reply.
      expect(analyze(`error: 550 5.1.1 user unknown`, k).findings.map((f) => f.enhancedCode)).toEqual(['5.1.1']);
    }
  });

  it('the DSN reader cuts long lines: REPLY_START, DSN_FIELD and the DMARC rule', async () => {
    const dsn = (field: string) => `Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\n${field}`;
    const quotes = await timed(1000, () => analyze(dsn(`Diagnostic-Code: smtp; (${'"'.repeat(100_000)}`), k));
    expect(quotes.findings.map((f) => [f.recipient, f.enhancedCode])).toEqual([['a@b.example', '5.1.1']]);
    const sep = await timed(1000, () =>
      analyze(`Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus:${' '.repeat(1_000_000)}x\u2028x`, k),
    );
    expect(sep.findings).toEqual([]);
    const dmarc = await timed(1000, () =>
      analyze(dsn(`Diagnostic-Code: smtp; 550 ${'fail'.repeat(250_000)} dmarc`), k),
    );
    expect(dmarc.findings.map((f) => [f.recipient, f.enhancedCode])).toEqual([['a@b.example', '5.1.1']]);
  });

  it('reads "is this permanent?" once, not once per code-less line (1 MB log of quota deferrals)', async () => {
    const line = (i: number) =>
      `2026-11-27 10:00:01 1r${i}-000 == user${i}@example.com R=dnslookup T=remote_smtp defer (-44): mailbox is full\n`;
    let log = '';
    for (let i = 0; log.length < 1_048_576; i++) log += line(i);
    const a = await timed(2000, () => analyze(log, k));
    expect(a.findings.length).toBe(log.split('\n').length - 1);
    expect(new Set(a.findings.map((f) => f.enhancedCode))).toEqual(new Set(['4.2.2']));
  });
});

describe('message stage: 8-bit text with no charset, or the wrong one', () => {
  const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));
  const notice = (header: string) =>
    latin1(
      `From: MAILER-DAEMON@mx.example.com.br\nSubject: Mail delivery failed\n${header}\n<someone@example.com.br>:\n554 Usu\u00e1rio Inv\u00e1lido ou Inexistente\n`,
    );

  it('reads a single-part notice whose 8-bit bytes are not UTF-8 as windows-1252, not as U+FFFD', async () => {
    for (const header of ['', 'Content-Type: text/plain\n', 'Content-Type: text/plain;\n\tformat=flowed\n']) {
      const [f] = (await analyzeEmail(notice(header), k)).findings;
      expect(f.text, header).toBe('554 Usu\u00e1rio Inv\u00e1lido ou Inexistente');
    }
  });

  it('leaves alone what says its charset, is UTF-8 already, is encoded, or is not plain text', () => {
    const same = (bytes: Uint8Array) => expect(withPartCharsets(bytes)).toBe(bytes);
    same(notice('Content-Type: text/plain; charset=iso-8859-1\n'));
    same(new TextEncoder().encode('From: a@example.com\nSubject: x\n\n554 Usu\u00e1rio Inv\u00e1lido\n'));
    same(notice('Content-Transfer-Encoding: quoted-printable\n'));
    same(notice('Content-Type: multipart/mixed; boundary="b"\n'));
    const changed = new TextDecoder('latin1').decode(withPartCharsets(notice('Content-Type: text/plain\n')));
    expect(changed).toContain(
      'X-Old-Content-Type: text/plain\nContent-Type: text/plain; charset=windows-1252\n\n<someone',
    );
  });

  // A multipart notice whose first part is in `bytes` under the Content-Type `type`.
  const multipart = (type: string, bytes: number[]) =>
    new Uint8Array([
      ...latin1(
        'From: MAILER-DAEMON@mx.example.jp\nSubject: Returned mail\nMIME-Version: 1.0\n' +
          'Content-Type: multipart/report; report-type=delivery-status;\n\tboundary="----=_b"\n\n' +
          `------=_b\n${type}Content-Transfer-Encoding: 7bit\n\n`,
      ),
      ...bytes,
      ...latin1(
        '\n<someone@example.jp>: 550 5.1.1 User unknown\n\n------=_b\nContent-Type: message/delivery-status\n\n' +
          'Final-Recipient: rfc822; someone@example.jp\nAction: failed\nStatus: 5.1.1\n\n------=_b--\n',
      ),
    ]);
  const first = async (bytes: Uint8Array) => (await readMessage(bytes)).text.split('\n\n')[1].split('\n')[0];
  // "次のあて先" (the next address) in EUC-JP and in Shift_JIS, as Japanese carriers send it.
  const EUC_JP = [0xbc, 0xa1, 0xa4, 0xce, 0xa4, 0xa2, 0xa4, 0xc6, 0xc0, 0xe8];
  const SHIFT_JIS = [0x8e, 0x9f, 0x82, 0xcc, 0x82, 0xa0, 0x82, 0xc4, 0x90, 0xe6];

  it('reads a part labelled ISO-2022-JP (7-bit) whose bytes are 8-bit as the EUC-JP or Shift_JIS they are', async () => {
    const label = 'Content-Type: text/plain; charset="ISO-2022-JP"\n';
    expect(await first(multipart(label, EUC_JP))).toBe('\u6b21\u306e\u3042\u3066\u5148');
    expect(await first(multipart(label, SHIFT_JIS))).toBe('\u6b21\u306e\u3042\u3066\u5148');
  });

  it('reads a part with no charset whose 8-bit bytes are not UTF-8 as windows-1252', async () => {
    const text = [...latin1('Usu\u00e1rio Inv\u00e1lido')];
    expect(await first(multipart('Content-Type: text/plain\n', text))).toBe('Usu\u00e1rio Inv\u00e1lido');
    expect(await first(multipart('', text))).toBe('Usu\u00e1rio Inv\u00e1lido');
    // A part that names its charset keeps it.
    const named = multipart('Content-Type: text/plain; charset=iso-8859-1\n', text);
    expect(withPartCharsets(named)).toBe(named);
  });

  it('puts charsets right once: a second pass changes nothing, and no input makes it throw (fuzz)', async () => {
    const part = fc.record({
      header: fc.constantFrom(
        '',
        'Content-Type: text/plain\n',
        'Content-Type: text/plain; charset="ISO-2022-JP"\n',
        'Content-Type: text/plain;\n\tcharset=us-ascii\n',
        'Content-Type: text/html\n',
        'Content-Transfer-Encoding: base64\n',
      ),
      body: fc.uint8Array({ maxLength: 60 }),
    });
    const enc = (t: string) => [...latin1(t)];
    await fc.assert(
      fc.asyncProperty(
        fc.array(part, { maxLength: 4 }),
        fc.boolean(),
        fc.nat({ max: 400 }),
        async (parts, crlf, cut) => {
          const lines = [
            ...enc('From: a@example.com\nContent-Type: multipart/mixed; boundary="B"\n\n'),
            ...parts.flatMap((p) => [...enc(`--B\n${p.header}\n`), ...p.body, ...enc('\n')]),
            ...enc('--B--\n'),
          ];
          const lf = new Uint8Array(lines);
          const bytes = (crlf ? new Uint8Array([...lf].flatMap((b) => (b === 0x0a ? [0x0d, 0x0a] : [b]))) : lf).slice(
            0,
            Math.max(0, lf.length - cut),
          );
          const once = withPartCharsets(bytes);
          expect(withPartCharsets(once)).toEqual(once);
          if (!bytes.some((b) => b >= 0x80)) expect(once).toBe(bytes);
          await expect(readMessage(once)).resolves.toHaveProperty('text');
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('message stage: a notice forwarded as an attachment', () => {
  const forward = (
    attached: string,
    from = 'Ann <ann@example.org>',
    subject = 'Fwd: Undelivered Mail Returned to Sender',
  ) =>
    [
      `From: ${from}`,
      'To: support@example.net',
      `Subject: ${subject}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="fwd"',
      '',
      '--fwd',
      'Content-Type: text/plain',
      '',
      'My mail to a customer bounced, can you tell me why? The error says 550.',
      '',
      '--fwd',
      'Content-Type: message/rfc822',
      '',
      attached,
      '--fwd--',
      '',
    ].join('\n');
  const notice = dsnEmail('Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.2.2');
  const brief = (a: { findings: Finding[] }) => a.findings.map((f) => [f.recipient, f.enhancedCode, f.verdict]);

  it("is read as the notice it carries, not as the person's words around it", async () => {
    const direct = await analyzeEmail(notice, k);
    const forwarded = await analyzeEmail(forward(notice), k);
    expect(brief(forwarded)).toEqual([['a@example.com', '5.2.2', 'retry']]);
    expect(brief(forwarded)).toEqual(brief(direct));
    expect(forwarded.original?.messageId).toBe('<m1@example.org>');
  });

  it('is not looked for in a notice, nor in a message that is no notice', async () => {
    // A mail system's own notice keeps its own reading, whatever it attaches.
    const bounce = await analyzeEmail(forward(notice, 'Mail Delivery System <MAILER-DAEMON@mx.example.net>'), k);
    expect(bounce.original?.from).toMatch(/MAILER-DAEMON/);
    // Attached to a person's email that is no forward, a message whose subject has "error" in it is
    // not a notice: it stays the attached original, never read.
    const ordinary =
      'From: bob@example.com\nTo: ann@example.org\nSubject: error in invoice\n\n550 5.1.1 quoted in a message\n';
    const a = await analyzeEmail(forward(ordinary, 'Ann <ann@example.org>', 'About the invoice'), k);
    expect(a.findings.every((f) => f.enhancedCode !== '5.1.1')).toBe(true);
  });

  it('is not looked for in a notice whose returned original is itself a notice', async () => {
    // A notice from an address no pattern knows, told by its subject, returning a bounce it was sent.
    const outer = [
      'From: MDaemon@mx.example.com',
      'To: list-admin@example.org',
      'Subject: Permanent Delivery Failure',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="md"',
      '',
      '--md',
      'Content-Type: text/plain',
      '',
      'The following addresses did NOT receive a copy of your message:',
      '',
      '> ann@example.com',
      '',
      '552 Message for <ann@example.com> would exceed the mailbox quota',
      '',
      '--md',
      'Content-Type: message/rfc822',
      '',
      dsnEmail('Final-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 4.4.1'),
      '--md--',
      '',
    ].join('\n');
    const found = (await analyzeEmail(outer, k)).findings.filter((f) => f.verdict !== 'none');
    expect(found.map((f) => f.recipient)).toEqual(['ann@example.com']);
  });
});

describe('message stage: a notice forwarded inline', () => {
  // A plain notice as a mail client quotes it: the failed address, then the reply naming only the sender.
  const body = [
    'A message that you sent could not be delivered to one or more of its recipients.',
    '',
    '  bob@example.net',
    '    SMTP error from remote mail server after RCPT TO:<bob@example.net>:',
    '    host mx.example.net [192.0.2.1]: 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown',
  ].join('\n');
  const quoted = (marker: string, fields: string[]) => [marker, ...fields, '', body].join('\n');
  const gmail = quoted('---------- Forwarded message ---------', [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
    'Date: Tue, 1 Dec 2026 at 10:00',
    'Subject: Mail delivery failed: returning message to sender',
    'To: <ann@example.org>',
  ]);
  const person = (text: string) =>
    [
      'From: Ann <ann@example.org>',
      'To: support@example.net',
      'Subject: Fwd: my mail bounced',
      '',
      'Why?',
      '',
      text,
    ].join('\n');
  const brief = (a: { findings: Finding[] }) => a.findings.map((f) => [f.recipient, f.enhancedCode, f.verdict]);

  it('turns the quoted part into an email whose header is the quoted fields', () => {
    expect(inlineForward(gmail)).toBe(
      [
        'from: Mail Delivery System <MAILER-DAEMON@mx.example.org>',
        'subject: Mail delivery failed: returning message to sender',
        'to: <ann@example.org>',
        'mime-version: 1.0',
        '',
        body,
      ].join('\n'),
    );
  });

  it('knows the forward markers and field names of the common mail clients and languages', () => {
    const from = (text: string) => inlineForward(text)?.split('\n', 1)[0];
    // Outlook: a rule line, then From / Sent / To / Subject.
    const outlook = quoted('________________________________', [
      'From: Microsoft Outlook <postmaster@example.org>',
      'Sent: Tuesday, December 1, 2026 10:00 AM',
      'To: Ann <ann@example.org>',
      'Subject: Undeliverable: Invoice',
    ]);
    expect(from(outlook)).toBe('from: Microsoft Outlook <postmaster@example.org>');
    // Apple Mail: a blank line after the marker; German Outlook; a French subject test without a known sender.
    expect(from(quoted('Begin forwarded message:\n', ['From: MAILER-DAEMON@example.org', 'Subject: x']))).toBe(
      'from: MAILER-DAEMON@example.org',
    );
    expect(
      inlineForward(
        quoted('-----Urspr\u00fcngliche Nachricht-----', [
          'Von: Mail Delivery System <x@example.org>',
          'Gesendet: heute',
          'An: ann@example.org',
          'Betreff: Unzustellbar',
        ]),
      ),
    ).toMatch(
      /^from: Mail Delivery System <x@example\.org>\nto: ann@example\.org\nsubject: Unzustellbar\nmime-version: 1\.0\n\n/,
    );
  });

  it('leaves alone a forward of a person\u2019s message, and text with no forward marker', () => {
    expect(
      inlineForward(
        quoted('---------- Forwarded message ---------', ['From: Bob <bob@example.com>', 'Subject: Lunch?']),
      ),
    ).toBeUndefined();
    expect(inlineForward(body)).toBeUndefined();
    // A marker without quoted fields after it (a notice quoting its returned original this way).
    expect(inlineForward(`-----Original Message-----\n\n${body}`)).toBeUndefined();
  });

  it('names the failed address, never the forwarder quoted in the To line, in an email or a bare paste', async () => {
    const direct = await analyzeEmail(
      ['From: MAILER-DAEMON@mx.example.org', 'To: ann@example.org', 'Subject: Mail delivery failed', '', body].join(
        '\n',
      ),
      k,
    );
    expect(brief(direct)).toEqual([['bob@example.net', '5.1.1', 'suppress']]);
    expect(brief(await analyzeEmail(person(gmail), k))).toEqual(brief(direct));
    expect(brief(await analyzeEmail(gmail, k))).toEqual(brief(direct));
    // A notice that names no address: the quoted To line (the forwarder) is no recipient either.
    const bare = gmail.replace(body, 'Your message could not be delivered.\n\n550 5.1.1 User unknown');
    expect(brief(await analyzeEmail(person(bare), k))).toEqual([[undefined, '5.1.1', 'suppress']]);
    expect(brief(await analyzeEmail(bare, k))).toEqual([[undefined, '5.1.1', 'suppress']]);
    // Pasted without a header, a forward far down the text (a log, then a quoted forward) is not what the paste is.
    const log = `${'Nov 27 10:00:00 mx postfix/smtp[1]: Q1: to=<carl@example.com>, dsn=5.1.1, status=bounced (host mx.example.com said: 550 5.1.1 User unknown)\n'.repeat(20)}\n${gmail}`;
    expect((await analyzeEmail(log, k)).findings.some((f) => f.recipient === 'carl@example.com')).toBe(true);
    expect(inlineForward(log)).toBeDefined();
  });

  it('keeps the address named above a reply that names only the sender, and skips the alias Exim expanded', async () => {
    const exim = [
      'From: Mail Delivery System <Mailer-Daemon@mx.example.org>',
      'To: ann@example.org',
      'Subject: Mail delivery failed: returning message to sender',
      '',
      'The following address(es) failed:',
      '',
      '  bob@example.net',
      '    (ultimately generated from team@example.com)',
      '    SMTP error from remote mail server after MAIL FROM:<ann@example.org>:',
      '    host mx.example.net [192.0.2.1]: 550 5.7.0 <ann@example.org>... Please use the smtp server of your ISP.',
    ].join('\n');
    expect((await analyzeEmail(exim, k)).findings.map((f) => f.recipient)).toEqual(['bob@example.net']);
  });
});

describe('message stage: a notice quoted in a reply', () => {
  const notice = [
    'This is the mail system at host mx.example.org.',
    '',
    '<bob@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 <bob@example.net>:',
    '    Recipient address rejected: User unknown (in reply to RCPT TO command)',
  ];
  const quote = (lines: string[]) => lines.map((l) => (l ? `> ${l}` : '>')).join('\n');
  const reply = (attribution: string, subject = 'Re: Undelivered Mail Returned to Sender') =>
    [
      'From: Ann <ann@example.org>',
      'To: support@example.net',
      `Subject: ${subject}`,
      '',
      'This came back, what does it mean?',
      '',
      attribution,
      quote(notice),
      '',
      'Thanks, Ann',
    ].join('\n');
  const gmail = 'On Tue, 1 Dec 2026 at 10:00, Mail Delivery System <MAILER-DAEMON@mx.example.org> wrote:';

  it('turns the quoted lines into an email: the attribution as From, the person as To, the subject without "Re:"', () => {
    const body = reply(gmail).split('\n\n').slice(1).join('\n\n');
    expect(quotedReply(body, { sender: 'ann@example.org', subject: 'Re: Undelivered Mail Returned to Sender' })).toBe(
      [
        'from: On Tue, 1 Dec 2026 at 10:00, Mail Delivery System <MAILER-DAEMON@mx.example.org> wrote',
        'to: ann@example.org',
        'subject: Undelivered Mail Returned to Sender',
        'mime-version: 1.0',
        '',
        ...notice,
      ].join('\n'),
    );
  });

  it('reads wrapped and German attributions, and one that only the subject says is a notice', () => {
    const wrapped = `On Tue, Dec 1, 2026 at 10:00 AM Mail Delivery Subsystem <\nmailer-daemon@googlemail.com> wrote:\n${quote(notice)}`;
    expect(quotedReply(wrapped)?.split('\n', 1)[0]).toBe(
      'from: On Tue, Dec 1, 2026 at 10:00 AM Mail Delivery Subsystem < mailer-daemon@googlemail.com> wrote',
    );
    const german = `Am 01.12.2026 um 10:00 schrieb MAILER-DAEMON@mx.example.de:\n${quote(notice)}`;
    expect(quotedReply(german)).toMatch(
      /^from: Am 01\.12\.2026 um 10:00 schrieb MAILER-DAEMON@mx\.example\.de\nmime-version: 1\.0\n\nThis is the mail system/,
    );
    const byName = `On Tue, E500 SMTP Service <e500@example.org> wrote:\n${quote(notice)}`;
    expect(quotedReply(byName)).toBeUndefined();
    expect(quotedReply(byName, { subject: 'RE: Returned Mail - Error During Delivery' })).toMatch(
      /\nsubject: Returned Mail - Error During Delivery\n/,
    );
  });

  it('leaves alone a reply to a person, and an attribution with nothing quoted under it', () => {
    expect(
      quotedReply(`On Tue, Bob <bob@example.com> wrote:\n${quote(notice)}`, { subject: 'Re: lunch' }),
    ).toBeUndefined();
    expect(quotedReply(`${gmail}\n\nno quote here`)).toBeUndefined();
  });

  it("finds the failure in a person's reply, naming the failed address, in an email or a bare paste", async () => {
    const brief = (a: { findings: Finding[] }) => a.findings.map((f) => [f.recipient, f.enhancedCode, f.verdict]);
    // A coded reply is found behind "> " anyway; a notice in words only (quoted lines are skipped
    // as a returned original's) and a delivery report are found only as the quoted notice.
    const words = WORDS_ONLY_NOTICE;
    const report = ['Final-Recipient: rfc822; carl@example.net', 'Action: failed', 'Status: 5.2.2'];
    for (const lines of [notice, words, report]) {
      const head = ['From: MAILER-DAEMON@mx.example.org', 'To: ann@example.org', 'Subject: Undelivered Mail', ''];
      const direct = await analyzeEmail([...head, ...lines].join('\n'), k);
      expect(direct.findings.length).toBe(1);
      const answer = reply(gmail).replace(quote(notice), quote(lines));
      expect(brief(await analyzeEmail(answer, k))).toEqual(brief(direct));
      expect(brief(await analyzeEmail(`${gmail}\n${quote(lines)}`, k))).toEqual(brief(direct));
    }
  });
});
