/**
 * What must not change what an email says, checked on every real email of the benchmarks (sisimai's
 * suite and the agreement benchmark's folders: 1,017 bounces) rewritten in memory: every finding,
 * field for field, must equal the one from the original. No labels are needed, so the held-out
 * halves are checked too without being tuned on.
 * - Line ends: CRLF and bare CR for LF (set-of-emails keeps 56 such rewrites itself in maildir/dos
 *   and maildir/mac; these cover all of them).
 * - A longer header: 12 KB more Received fields at its top, as relays in a long chain add.
 * - Blank lines before the header, as a paste from a mail client often starts.
 * - Forwarded as an attachment in a person's "Fwd:" email, as a customer sends a bounce to support.
 * - Forwarded inline, under a mail client's forward marker and the fields it quotes (From, Date,
 *   Subject, To), and quoted in the addressee's reply ("On …, <From> wrote:", the lines behind
 *   "> ", the subject after "Re:"): for single-part emails without a transfer encoding, whose body
 *   a mail client quotes as it is, and without X-Failed-Recipients, a field no mail client quotes
 *   (it is the only place some notices name the failed address).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeEmail } from '../../src/lib/analyzer';
import { readMessage } from '../../src/lib/analyzer/message';
import { NOTICE_SENDER, NOTICE_SUBJECT } from '../../src/lib/analyzer/patterns';
import { benchKnowledge } from '../support/benchmark';
import { SISIMAI_DIR } from '../support/sisimai-score';

const k = benchKnowledge();
/** Every real email of the benchmarks: sisimai's suite, and the folders of the agreement benchmark. */
const DIRS = [
  `${SISIMAI_DIR}/maildir/bsd`,
  `${SISIMAI_DIR}/maildir/err`,
  'tests/fixtures/flufl-bounce/data',
  'tests/fixtures/bounceparser/data',
  'tests/fixtures/bounce-email/data',
  'tests/fixtures/php-bounce-handler/eml',
];
const files = DIRS.flatMap((dir) => readdirSync(dir).map((f) => `${dir}/${f}`));

/** The email's bytes with each LF turned into `eol` (the files have LF line ends only). */
function withLineEnds(bytes: Uint8Array, eol: 'crlf' | 'cr'): Uint8Array {
  const out: number[] = [];
  for (const b of bytes) {
    if (b !== 0x0a) out.push(b);
    else if (eol === 'crlf') out.push(0x0d, 0x0a);
    else out.push(0x0d);
  }
  return new Uint8Array(out);
}

/** The email with `extra` header lines at the top of its header (after an mbox "From " line). */
function withMoreHeader(bytes: Uint8Array, extra: string): Uint8Array {
  const from = bytes[0] === 0x46 && new TextDecoder().decode(bytes.subarray(0, 5)) === 'From ';
  const at = from ? bytes.indexOf(0x0a) + 1 : 0;
  const more = new TextEncoder().encode(extra);
  const out = new Uint8Array(bytes.length + more.length);
  out.set(bytes.subarray(0, at));
  out.set(more, at);
  out.set(bytes.subarray(at), at + more.length);
  return out;
}

const FORWARD_HEAD = [
  'From: Ann <ann@example.org>',
  'To: support@example.net',
  'Subject: Fwd: my mail bounced',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="fwd-boundary"',
  '',
  '--fwd-boundary',
  'Content-Type: text/plain',
  '',
  'Can you tell me why this bounced?',
  '',
  '--fwd-boundary',
  'Content-Type: message/rfc822',
  '',
  '',
].join('\n');

/** The email attached to a person's "Fwd:" email (without an mbox "From " line: a mail client drops it). */
function forwarded(email: Uint8Array): Uint8Array {
  const mbox = new TextDecoder().decode(email.subarray(0, 5)) === 'From ';
  const bytes = mbox ? email.subarray(email.indexOf(0x0a) + 1) : email;
  const head = new TextEncoder().encode(FORWARD_HEAD);
  const tail = new TextEncoder().encode('\n--fwd-boundary--\n');
  const out = new Uint8Array(head.length + bytes.length + tail.length);
  out.set(head);
  out.set(bytes, head.length);
  out.set(tail, head.length + bytes.length);
  return out;
}

/**
 * The email quoted in a person's "Fwd:" email as Gmail forwards it (the decoded subject, as a mail
 * client shows it), or undefined when a mail client would not quote it as it is (see above).
 */
async function forwardedInline(email: Uint8Array, how: 'forward' | 'reply'): Promise<Uint8Array | undefined> {
  const raw = new TextDecoder('latin1').decode(email).replace(/^From .*\n/, '');
  const cut = raw.indexOf('\n\n');
  if (cut < 0) return undefined;
  const header = raw.slice(0, cut).replace(/\n[ \t]+/g, ' ');
  const field = (name: string) => new RegExp(`^${name}:.*$`, 'im').exec(header)?.[0];
  const type = field('content-type') ?? '';
  if (/multipart|message\//i.test(type) || /base64|quoted/i.test(field('content-transfer-encoding') ?? ''))
    return undefined;
  if (field('x-failed-recipients')) return undefined;
  const subject = (await readMessage(email)).text.split('\n', 1)[0];
  const charset = /charset=[^;\s]+/i.exec(type)?.[0];
  const contentType = `Content-Type: text/plain${charset ? `; ${charset}` : ''}`;
  if (how === 'reply') {
    // A reply keeps only the notice's From (in its attribution) and subject: only a notice that
    // says it is one there can be told from any quoted email, and only an addressee who is a
    // person (not "postmaster@") answers.
    const from = field('from') ?? '';
    if (!NOTICE_SENDER.test(from) && !NOTICE_SUBJECT.test(subject)) return undefined;
    if (NOTICE_SENDER.test(field('to') ?? '')) return undefined;
    // Gmail's answer: the notice's addressee answers, its subject after "Re:", its lines behind "> ".
    const reply = [
      `From: ${field('to')?.slice(3).trim() ?? 'ann@example.org'}`,
      'To: support@example.net',
      subject.startsWith('Subject:') ? `Subject: Re: ${subject.slice(9)}` : 'Subject: Re: my mail',
      'MIME-Version: 1.0',
      contentType,
      '',
      'Why did this come back?',
      '',
      `On Tue, 1 Dec 2026 at 10:00, ${from.slice(5).trim()} wrote:`,
      ...raw
        .slice(cut + 2)
        .split('\n')
        .map((l) => `> ${l}`),
    ].join('\n');
    return new Uint8Array(Buffer.from(reply, 'latin1'));
  }
  const quoted = [
    'From: Ann <ann@example.org>',
    'To: support@example.net',
    'Subject: Fwd: my mail bounced',
    'MIME-Version: 1.0',
    contentType,
    '',
    'Can you tell me why this bounced?',
    '',
    '---------- Forwarded message ---------',
    ...[field('from'), field('date'), subject.startsWith('Subject:') ? subject : undefined, field('to')].filter(
      Boolean,
    ),
    '',
    raw.slice(cut + 2),
  ].join('\n');
  return new Uint8Array(Buffer.from(quoted, 'latin1'));
}

const RELAYS = Array.from(
  { length: 150 },
  (_, i) => `Received: from relay${i}.example.net (relay${i}.example.net [192.0.2.${i}]) by mx.example.net\n`,
).join('');

describe('rewrites that must not change the findings', () => {
  it('rewrites LF as CRLF or CR and nothing else', () => {
    const lf = new TextEncoder().encode('a\nb\r\n');
    expect(new TextDecoder().decode(withLineEnds(lf, 'crlf'))).toBe('a\r\nb\r\r\n');
    expect(new TextDecoder().decode(withLineEnds(lf, 'cr'))).toBe('a\rb\r\r');
  });

  it('puts the extra header after an mbox "From " line, at the top otherwise', () => {
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    const enc = (t: string) => new TextEncoder().encode(t);
    expect(decode(withMoreHeader(enc('From a@b Mon\nTo: c@d\n'), 'X: 1\n'))).toBe('From a@b Mon\nX: 1\nTo: c@d\n');
    expect(decode(withMoreHeader(enc('To: c@d\n'), 'X: 1\n'))).toBe('X: 1\nTo: c@d\n');
    expect(RELAYS.length).toBeGreaterThan(12_000);
  });

  it('gives the same findings for CRLF, CR, a longer header, blank lines first, forwards (attached or inline) and replies as for the original, on all the benchmarks’ emails', async () => {
    expect(files.length).toBeGreaterThan(1000);
    const differ: string[] = [];
    let quoted = 0;
    let replies = 0;
    for (const file of files) {
      const lf = new Uint8Array(readFileSync(file));
      if (lf.includes(0x0d)) continue; // keeps a CR of its own: the rewrite would not be a pure one
      const original = (await analyzeEmail(lf, k)).findings;
      const want = JSON.stringify(original);
      const wantNoLines = JSON.stringify(original.map(({ line: _, ...f }) => f));
      const rewrites = {
        crlf: withLineEnds(lf, 'crlf'),
        cr: withLineEnds(lf, 'cr'),
        header: withMoreHeader(lf, RELAYS),
        lead: new Uint8Array([0x0a, 0x20, 0x20, 0x0a, 0x09, 0x0a, ...lf]),
        forward: forwarded(lf),
      };
      const inline = await forwardedInline(lf, 'forward');
      const reply = await forwardedInline(lf, 'reply');
      if (inline) quoted++;
      if (reply) replies++;
      const all = { ...rewrites, ...(inline ? { inline } : {}), ...(reply ? { reply } : {}) };
      for (const [name, bytes] of Object.entries(all)) {
        const got = (await analyzeEmail(bytes, k)).findings;
        // The other rewrites move every line: compare without line numbers.
        const same =
          name !== 'crlf' && name !== 'cr'
            ? JSON.stringify(got.map(({ line: _, ...f }) => f)) === wantNoLines
            : JSON.stringify(got) === want;
        if (!same) differ.push(`${file} (${name})`);
      }
    }
    expect(differ).toEqual([]);
    // The inline and reply rewrites cover a real share of the emails (179 and 163 at this writing).
    expect(quoted).toBeGreaterThan(150);
    expect(replies).toBeGreaterThan(140);
  }, 120_000);
});
