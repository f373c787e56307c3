import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  atIndex,
  bounceFacts,
  ipv6,
  locate,
  locateAddress,
  locateEvidence,
  type Fact,
  type FactKind,
} from '../../src/lib/bounce-facts';
import { segments } from '../../src/lib/highlight';
import { analysisSummary, failuresFirst } from '../../src/lib/analysis-summary';
import { withCpuMs } from '../support/cpu';

const read = (path: string) => readFileSync(path, 'utf8');
const bounce = (name: string) => read(`tests/fixtures/bounces/${name}`);
const sisimai = (name: string) => read(`tests/fixtures/sisimai/maildir/bsd/${name}`);

/** kind → values, for compact expectations. */
function byKind(facts: Fact[]): Partial<Record<FactKind, string[]>> {
  const out: Partial<Record<FactKind, string[]>> = {};
  for (const f of facts) (out[f.kind] ??= []).push(f.detail ? `${f.value} (${f.detail})` : f.value);
  return out;
}

/** Every evidence span's text, which must be the text the fact was read from. */
function spansOf(text: string, facts: Fact[], kind: FactKind): string[] {
  return facts.filter((f) => f.kind === kind).flatMap((f) => f.evidence.map((e) => text.slice(e.start, e.end)));
}

describe('bounceFacts on real bounces', () => {
  it('Gmail 5.7.26 (sisimai rhost-google-04): IP, stage, remote MTA, domains, SPF and DKIM from the reply', () => {
    const text = sisimai('rhost-google-04.eml');
    const facts = bounceFacts(text, [{ command: 'DATA', remoteMta: 'gmail-smtp-in.l.google.com' }]);
    expect(byKind(facts)).toEqual({
      stage: ['DATA'],
      'remote-mta': ['gmail-smtp-in.l.google.com'],
      'sending-ip': ['192.0.2.22'],
      'from-domain': ['google.example.com'],
      'envelope-domain': ['relay3.example.com'],
      'recipient-domain': ['google.example.com', 'example.co.jp'],
      spf: ['fail (as the reply says)'],
      dkim: ['fail (as the reply says)'],
    });
    // The notice's own Authentication-Results (spf=fail for the bounce's delivery) are not read.
    const spf = facts.find((f) => f.kind === 'spf')!;
    expect(spf.evidence.every((e) => e.scope === 'report')).toBe(true);
    expect(text.slice(spf.evidence[0].start, spf.evidence[0].end)).toMatch(/^SPF \[relay3\.example\.com\] with\s+ip:/);
    expect(spansOf(text, facts, 'sending-ip')).toEqual(['192.0.2.22', '192.0.2.22']);
    expect(spansOf(text, facts, 'stage')).toEqual(['in reply to end of DATA']);
    // The IP of the host it talked to is the remote MTA's, never the sender's.
    expect(facts.some((f) => f.value === '64.233.187.27')).toBe(false);
    // Each recipient domain names the field it came from: the alias the sender wrote is the Original-Recipient.
    const sources = (v: string) =>
      facts.find((f) => f.kind === 'recipient-domain' && f.value === v)!.evidence.map((e) => e.source);
    expect(sources('example.co.jp')).toEqual(['Original-Recipient']);
    expect(sources('google.example.com')).toContain('Final-Recipient');
  });

  it('Postfix DSN with a DMARC refusal: DMARC from the words, remote host not taken for the sender', () => {
    const text = bounce('a-002-postfix-dsn-gmail-dmarc-folded.txt');
    const facts = bounceFacts(text);
    expect(byKind(facts)).toMatchObject({
      'remote-mta': ['gmail-smtp-in.l.google.com'],
      'envelope-domain': ['sisimai.example.com'],
      'recipient-domain': ['google.example.com'],
      dmarc: ['fail (as the reply says)'],
    });
    expect(byKind(facts)['sending-ip']).toBeUndefined(); // 192.0.2.27 is Gmail's MX
    expect(spansOf(text, facts, 'dmarc')).toEqual(['DMARC policy', 'DMARC policy']);
  });

  it('Authentication-Results and Received-SPF of a returned message (sisimai lhost-amazonses-09)', () => {
    const text = sisimai('lhost-amazonses-09.eml');
    const kinds = byKind(bounceFacts(text));
    expect(kinds.spf).toEqual(expect.arrayContaining(['fail', 'fail (smtp.mailfrom=us-west-2.amazonses.com)']));
    expect(kinds.dkim).toEqual(['neutral (header.i=amazonses.com)']);
    expect(kinds['sending-ip']).toEqual(['192.0.2.153']);
  });

  it('ARF: dkim results per signing domain, DMARC with its header.from, comments skipped', () => {
    const text = sisimai('arf-20.eml');
    const kinds = byKind(bounceFacts(text));
    expect(kinds.dkim).toEqual(['pass (header.d=ietf.example.org)', 'fail (header.d=example.net)']);
    expect(kinds.dmarc).toContain('fail (header.from=example.net)');
    expect(kinds['sending-ip']).toContain('203.0.113.2');
  });

  it('client IPs the receiving server names, in several wordings', () => {
    const ips = (text: string) => byKind(bounceFacts(text))['sending-ip'];
    expect(ips(bounce('p-019-spamcop-554-blocked-using-bl-spamcop.txt'))).toEqual(['192.0.2.17']);
    expect(ips(bounce('b-025-microsoft-5-7-606-exim-body.txt'))).toEqual(['192.0.2.203']);
    expect(ips(bounce('p-025-uceprotect-exim-multiline-level-1.txt'))).toEqual(['192.0.2.32']);
    expect(ips(bounce('a-043-exim-delay-warning-yahoo-ts03.txt'))).toEqual(['198.51.100.130']);
    expect(ips(sisimai('lhost-amazonses-14.eml'))).toEqual(['203.0.113.22']);
    // Sendmail's "received … from host [ip]" is the submitting client, not the sending IP.
    expect(ips(sisimai('lhost-sendmail-11.eml'))).toBeUndefined();
    // qmail names the MX it tried; a mail log names relays: neither is the sender.
    expect(ips(bounce('a-020-qmail-unknown-user-crlf.txt'))).toBeUndefined();
    expect(ips(bounce('b-036-yahoo-tss04-old-wording-postfix-deferred.txt'))).not.toContain('98.136.96.92');
    // A list of addresses is not a bounce's sender.
    expect(ips(bounce('b-127-not-bounce-eop-ipv4-list.txt'))).toBeUndefined();
  });

  it('reads only the returned original’s headers, not its body', () => {
    // lhost-exim-01 returns a message whose body holds another message's headers.
    const kinds = byKind(bounceFacts(sisimai('lhost-exim-01.eml')));
    expect(kinds['from-domain']).toEqual(['example.jp']);
    expect(kinds.stage).toEqual(['MAIL']);
  });

  it('an email that is not a bounce: its own headers are the message', () => {
    const text =
      'From: a@sender.example\nTo: b@rcpt.example\nSubject: hi\nAuthentication-Results: mx.rcpt.example; spf=softfail smtp.mailfrom=sender.example; dkim=none\n\nHello\n';
    expect(byKind(bounceFacts(text))).toEqual({
      'from-domain': ['sender.example'],
      'envelope-domain': ['sender.example'],
      spf: ['softfail (smtp.mailfrom=sender.example)'],
      dkim: ['none'],
    });
  });

  it('a pasted reply line: IPv6 and the command', () => {
    const text = '550-5.7.1 [2001:db8::25 12] Our system has detected ... (in reply to RCPT TO command)';
    expect(byKind(bounceFacts(text))).toEqual({ stage: ['RCPT'], 'sending-ip': ['2001:db8::25'] });
  });

  it('keeps a command only the analyzer found, without evidence', () => {
    const facts = bounceFacts('550 5.1.1 user unknown', [{ command: 'RCPT' }]);
    expect(facts).toEqual([{ kind: 'stage', value: 'RCPT', evidence: [] }]);
  });

  it('a pasted session: failed at the command whose reply failed, not at those the server took', () => {
    const text = [
      '>>> MAIL From:<ann@example.org>',
      '<<< 250 2.1.0 Ok',
      '>>> RCPT To:<bob@example.com>',
      '<<< 550 5.1.1 User unknown',
      '>>> DATA',
      '<<< 503 5.5.1 need RCPT command',
    ].join('\n');
    // The words alone name every command the session shows; only the analyzer knows which failed.
    expect(byKind(bounceFacts(text)).stage).toEqual(['MAIL', 'RCPT', 'DATA']);
    // With the analyzer's findings (the 503 only follows the refusal, and a delivery failed nowhere).
    const hints = [
      { command: 'RCPT', recipient: 'bob@example.com', verdict: 'suppress' },
      { command: 'DATA', recipient: 'carol@example.com', verdict: 'none' },
    ];
    expect(byKind(bounceFacts(text, hints)).stage).toEqual(['RCPT']);
  });

  it('every evidence span lies in the text, with its line, over the whole corpus', () => {
    const files = [
      ...readdirSync('tests/fixtures/bounces')
        .filter((f) => f.endsWith('.txt'))
        .map((f) => `tests/fixtures/bounces/${f}`),
      ...readdirSync('tests/fixtures/sisimai/maildir/bsd').map((f) => `tests/fixtures/sisimai/maildir/bsd/${f}`),
    ];
    let facts = 0;
    for (const file of files) {
      const text = read(file);
      for (const f of bounceFacts(text)) {
        facts++;
        for (const e of f.evidence) {
          expect(e.start).toBeGreaterThanOrEqual(0);
          expect(e.end).toBeGreaterThan(e.start);
          expect(e.end).toBeLessThanOrEqual(text.length);
          expect(e.line).toBe(text.slice(0, e.start).split('\n').length);
          if (f.kind === 'sending-ip' && !f.value.includes(':')) expect(text.slice(e.start, e.end)).toBe(f.value);
        }
      }
    }
    expect(facts).toBeGreaterThan(2000);
  });
});

describe('ipv6', () => {
  it('accepts addresses and gives the canonical form; refuses times and junk', () => {
    expect(ipv6('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(ipv6('2a00:1450:4013:c06::1b')).toBe('2a00:1450:4013:c06::1b');
    expect(ipv6('09:43:12')).toBeUndefined();
    expect(ipv6('1::2::3')).toBeUndefined();
    expect(ipv6('::')).toBeUndefined(); // no digit: not worth showing
  });
});

describe('locateEvidence', () => {
  it('finds a folded Diagnostic-Code’s wording across line breaks and 550-5.7.26 prefixes', () => {
    const input =
      "Diagnostic-Code: smtp; 550-5.7.26 Unauthenticated email from example.org is\n    not accepted due to 550-5.7.26 domain's DMARC policy.";
    const text = "550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy.";
    const wording = text.indexOf('is not');
    const spans = locateEvidence(input, {
      text,
      line: 1,
      evidence: [
        { start: 0, end: 3, why: 'reply code' },
        { start: wording, end: text.indexOf(' policy') + 7, why: 'wording' },
      ],
    });
    expect(spans.map((s) => input.slice(s.start, s.end))).toEqual([
      '550',
      "is\n    not accepted due to 550-5.7.26 domain's DMARC policy",
    ]);
  });
  it('leaves out what it cannot find, rather than mark the wrong text', () => {
    expect(
      locateEvidence('nothing here', { text: 'user unknown', line: 1, evidence: [{ start: 0, end: 12, why: 'x' }] }),
    ).toEqual([]);
  });
});

describe('segments', () => {
  it('cuts at every boundary and lists the spans covering each piece', () => {
    const a = { start: 2, end: 8, label: 'A', key: 'a' };
    const b = { start: 4, end: 6, label: 'B', key: 'b' };
    expect(segments(10, [a, b])).toEqual([
      { start: 0, end: 2, spans: [] },
      { start: 2, end: 4, spans: [a] },
      { start: 4, end: 6, spans: [a, b] },
      { start: 6, end: 8, spans: [a] },
      { start: 8, end: 10, spans: [] },
    ]);
  });
  it('clips spans out of range and drops empty ones', () => {
    expect(segments(3, [{ start: -5, end: 99, label: 'x', key: 'x' }]).map((s) => [s.start, s.end])).toEqual([[0, 3]]);
    expect(segments(3, [{ start: 2, end: 2, label: 'x', key: 'x' }])).toEqual([{ start: 0, end: 3, spans: [] }]);
    expect(segments(0, [])).toEqual([]);
  });
  it('for any spans: pieces are contiguous, cover the text, and each span covers exactly its range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 70 }), fc.integer({ min: -5, max: 70 })), { maxLength: 12 }),
        (length, pairs) => {
          const spans = pairs.map(([s, e], i) => ({ start: s, end: e, label: `s${i}`, key: `k${i}` }));
          const segs = segments(length, spans);
          let at = 0;
          for (const s of segs) {
            expect(s.start).toBe(at);
            expect(s.end).toBeGreaterThan(s.start);
            at = s.end;
          }
          expect(at).toBe(length);
          for (const span of spans) {
            const lo = Math.max(0, Math.min(length, span.start));
            const hi = Math.max(0, Math.min(length, span.end));
            const covered = segs.filter((s) => s.spans.some((x) => x.key === span.key));
            if (hi <= lo) expect(covered).toEqual([]);
            else expect([covered[0].start, covered.at(-1)!.end, covered.length]).toEqual([lo, hi, covered.length]);
            for (const c of covered) expect(c.start >= lo && c.end <= hi).toBe(true);
          }
        },
      ),
    );
  });
});

describe('bounceFacts never throws and stays inside the text', () => {
  const pieces = [
    'Authentication-Results: x; spf=fail smtp.mailfrom=a@b.example; dkim=pass header.d=c.example (a;b) ;dmarc=fail',
    'Received-SPF: fail client-ip=192.0.2.1; envelope-from=<x@y.example>',
    'Final-Recipient: rfc822; u@d.example',
    'Remote-MTA: dns; mx.d.example',
    'host mx.d.example[192.0.2.9] said: 550 5.7.1 Client host [198.51.100.4] blocked (in reply to RCPT TO command)',
    'Content-Type: message/rfc822',
    '------ This is a copy of the message, including all the headers. ------',
    'From: MAILER-DAEMON@x.example',
    'SPF [a.example] with ip: [192.0.2.22] = did not',
    '    pass',
    'fe80::1 ::1 2001:db8::1 999.1.1.1 1.2.3.4.5 @ @@ a@ @b',
    '',
    ' ',
    '\r',
  ];
  it('on any mix of bounce-like lines and noise', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 40 })), { maxLength: 30 }),
        (lines) => {
          const text = lines.join('\n');
          for (const f of bounceFacts(text, [{ remoteMta: 'mx.d.example', recipient: 'u@d.example', command: 'DATA' }]))
            for (const e of f.evidence) {
              expect(e.start).toBeGreaterThanOrEqual(0);
              expect(e.end).toBeLessThanOrEqual(text.length);
              expect(e.end).toBeGreaterThan(e.start);
            }
        },
      ),
      { numRuns: 300 },
    );
  });
  it('in linear time on long hostile input, and reads nothing that is not there', () => {
    // [input, the facts it holds as [kind, value]]: noise gives none; a repeated client address gives
    // one sending-ip fact whose evidence list stays short.
    const hostile: [string, string[][]][] = [
      ['@'.repeat(200_000), []],
      ['1.'.repeat(100_000), []],
      [':'.repeat(200_000), []],
      ['spf ['.repeat(40_000), []],
      ['a@b.'.repeat(50_000), []],
      ['client [1.2.3.4] '.repeat(25_000), [['sending-ip', '1.2.3.4']]],
      ['original message was received at '.repeat(15_000), []],
    ];
    for (const [text, expected] of hostile) {
      const [facts, ms] = withCpuMs(() => bounceFacts(text));
      expect(ms, text.slice(0, 10)).toBeLessThan(3000);
      expect(
        facts.map((f) => [f.kind, f.value]),
        text.slice(0, 10),
      ).toEqual(expected);
      for (const f of facts) expect(f.evidence.length).toBeLessThanOrEqual(20);
    }
  });
});

describe('locateAddress', () => {
  const spans = (f: (found: (s: number, e: number) => void) => void) => {
    const out: [number, number][] = [];
    f((s, e) => out.push([s, e]));
    return out;
  };
  it('finds exactly what locate finds, through the index of "@"s: random texts and addresses', () => {
    const piece = fc.constantFrom('a', 'b', '@', '.', 'x.io', 'bob', 'ab@x.io', 'b@x.iox', ' ', '<', '>', '\n');
    const needle = fc.constantFrom('ab@x.io', 'b@x.io', 'bob@x.io', 'a@b', 'b@x.iox', '@x.io', 'x@y.zz');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), needle, (parts, n) => {
        const hay = parts.join('');
        expect(spans((f) => locateAddress(hay, atIndex(hay), n, f))).toEqual(spans((f) => locate(hay, n, f)));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
  it('stops at 20 occurrences, as locate does', () => {
    const hay = 'ab@x.io '.repeat(30);
    expect(spans((f) => locateAddress(hay, atIndex(hay), 'ab@x.io', f))).toHaveLength(20);
  });
});

describe('analysisSummary', () => {
  it('says how many, and the first failure’s codes and verdict', () => {
    expect(analysisSummary([])).toMatch(/^No failure found/);
    expect(analysisSummary([], { challenge: true })).toMatch(/^No failure: this is a challenge-response request/);
    expect(analysisSummary([{ replyCode: '550', enhancedCode: '5.1.1', verdict: 'suppress' }])).toBe(
      '1 failure found: 550 5.1.1, Suppress the address.',
    );
    expect(
      analysisSummary(
        [
          { replyCode: '550', verdict: 'fix-sender' },
          { enhancedCode: '4.2.2', verdict: 'retry' },
        ],
        { truncated: true },
      ),
    ).toBe('2 failures found. First: 550, Fix the sender (+1 more). The text was cut to the first 4 MB.');
    expect(
      analysisSummary(
        Array.from({ length: 3 }, () => ({ verdict: 'retry' as const })),
        { shown: 2 },
      ),
    ).toBe('3 failures found (first 2 shown). First: Retry later (+2 more).');
  });

  // A pasted log is mostly delivery lines (250 2.0.0, verdict "none"): before, the page announced
  // "4366 failures found. First: 250 2.0.0, No action" for a log of 2,400 failures and 1,966 deliveries.
  const delivered = { replyCode: '250', enhancedCode: '2.0.0', verdict: 'none' as const };
  const unknown = { replyCode: '550', enhancedCode: '5.1.1', verdict: 'suppress' as const };
  const deferred = { enhancedCode: '4.4.1', verdict: 'retry' as const };
  it('never calls a report of success a failure, and names the first failure even when a delivery comes first', () => {
    expect(analysisSummary([delivered, unknown, delivered, deferred])).toBe(
      '2 failures found. First: 550 5.1.1, Suppress the address (+1 more). Also 2 reports of success: no action.',
    );
    expect(analysisSummary([delivered, unknown])).toBe(
      '1 failure found: 550 5.1.1, Suppress the address. Also 1 report of success: no action.',
    );
    expect(analysisSummary([delivered])).toBe('No failure found: 1 report of success (250 2.0.0), nothing to do.');
    expect(analysisSummary([delivered, { verdict: 'none' }], { truncated: true })).toBe(
      'No failure found: 2 reports of success (first: 250 2.0.0), nothing to do. The text was cut to the first 4 MB.',
    );
    expect(analysisSummary([{ verdict: 'none' }])).toBe('No failure found: 1 report of success, nothing to do.');
    // "(first N shown)" counts failures against what the list shows; big counts are grouped.
    expect(analysisSummary([...Array(1500).fill(deferred), delivered], { shown: 200 })).toBe(
      '1,500 failures found (first 200 shown). First: 4.4.1, Retry later (+1,499 more). Also 1 report of success: no action.',
    );
  });

  it('calls a complaint, an opt-out and an authentication report what they are, and names who complained', () => {
    const abuse = (recipients: string[]) => analysisSummary([], { feedback: { type: 'abuse', recipients } });
    expect(abuse(['a@example.com'])).toBe(
      'No failure: this is a complaint, not a bounce. a@example.com reported your message as spam. Stop sending to this address; the mailbox itself works.',
    );
    expect(abuse(['a@x.example', 'b@x.example', 'c@x.example'])).toMatch(
      /^No failure: .* a@x\.example, b@x\.example and c@x\.example reported your message as spam\. Stop sending to them;/,
    );
    expect(abuse(['a@x', 'b@x', 'c@x', 'd@x'])).toMatch(/ 4 recipients \(a@x, b@x, …\) reported /);
    expect(abuse([])).toMatch(/ The recipient \(the report does not say who\) reported your message as spam\./);
    expect(analysisSummary([], { feedback: { type: 'fraud', recipients: ['a@x'] } })).toMatch(/as fraud or phishing/);
    expect(analysisSummary([], { feedback: { type: 'opt-out', recipients: ['a@x'] } })).toMatch(
      /^No failure: this is an opt-out report, not a bounce\. a@x asked to get no more mail from you/,
    );
    expect(analysisSummary([], { feedback: { type: 'auth-failure', recipients: [] } })).toMatch(
      /^No failure: this is an authentication failure report \(RFC 6591\)/,
    );
    expect(analysisSummary([], { feedback: { type: 'x-new', recipients: [] }, truncated: true })).toBe(
      'No failure: this is a feedback report (type "x-new"), not a bounce. The text was cut to the first 4 MB.',
    );
    // Complaints in a webhook batch of deliveries.
    expect(analysisSummary([delivered], { feedback: { type: 'abuse', recipients: ['a@x', 'b@x'] } })).toBe(
      'No failure found: 1 report of success (250 2.0.0), nothing to do. Also 2 spam complaints: stop sending to them.',
    );
  });

  it('lists failures first, then reports of success, each in the order of the text', () => {
    const a = { ...delivered, n: 1 };
    const b = { ...unknown, n: 2 };
    const c = { ...delivered, n: 3 };
    const d = { ...deferred, n: 4 };
    expect(failuresFirst([a, b, c, d]).map((f) => f.n)).toEqual([2, 4, 1, 3]);
    expect(failuresFirst([])).toEqual([]);
  });
});
