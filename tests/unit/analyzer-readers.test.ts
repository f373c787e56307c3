// Readers added for issue 7 (formats the analyzer never saw): each with the real line it reads,
// the result it must give, and the input it must leave alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { lineNaming, quotedLastReply, statusNote } from '../../src/lib/analyzer/readers/dsn';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';

const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const sisimai = async (file: string) =>
  (await analyzeEmail(new Uint8Array(readFileSync(`tests/fixtures/sisimai/maildir/bsd/${file}`)), k)).findings.map(
    (f) => [f.recipient, f.enhancedCode, f.replyCode, f.reason, f.verdict],
  );

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
