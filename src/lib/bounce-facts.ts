/**
 * The facts a sender needs most from a bounce, pulled out of the pasted text with the spans they
 * came from: the sending IP, the From and envelope domains, the recipient's domain, SPF / DKIM /
 * DMARC results, the remote MTA and the SMTP stage that failed. Pure and linear in the input; it
 * reads the text as pasted (offsets point into it), so the page can mark each fact's evidence.
 *
 * Where a fact is read decides whether it is one: a bounce's own top headers describe how the
 * notice reached you, so their Authentication-Results are not about your message and are skipped;
 * headers of the returned original, the delivery report and the reply text are read. IP addresses
 * in the reply text are the sender's, except where the text names the remote host
 * ("host mx.example[192.0.2.1] said", "Remote-MTA: dns; …") or the reporting MTA.
 */
import { looksLikeEmail } from './analyzer/message.ts';
import { REMOTE_HOST } from './analyzer/patterns.ts';
import { nameOf } from './analyzer/readers/command.ts';

export type FactKind =
  | 'sending-ip'
  | 'from-domain'
  | 'envelope-domain'
  | 'recipient-domain'
  | 'spf'
  | 'dkim'
  | 'dmarc'
  | 'remote-mta'
  | 'stage';

/**
 * Where in a bounce a span lies: the notice's own headers, its report and words, the returned
 * original's headers, or the original's body (not read: it is the sender's own content).
 */
export type Scope = 'notice' | 'report' | 'original' | 'body';

export interface FactSpan {
  start: number;
  end: number;
  /** 1-based line of the input where the span starts. */
  line: number;
  /** What the span is: a header field's name, "reply text", "analyzer". */
  source: string;
  scope: Scope;
}

export interface Fact {
  kind: FactKind;
  /** The value: an address, a domain, a result (pass, fail, …), a host, a command (RCPT, DATA, …). */
  value: string;
  /** For a result: what it was about ("header.d=example.org"). */
  detail?: string;
  evidence: FactSpan[];
}

/** Hints from the analyzer's findings: the values it already read (remote MTA, command, recipient). */
export interface FactHints {
  remoteMta?: string;
  command?: string;
  recipient?: string;
  /** 'none' for a success report (a delivered message is not where anything failed). */
  verdict?: string;
}

export const FACT_LABELS: Record<FactKind, string> = {
  'sending-ip': 'Sending IP',
  'from-domain': 'From domain',
  'envelope-domain': 'Envelope sender domain',
  'recipient-domain': 'Recipient domain',
  spf: 'SPF',
  dkim: 'DKIM',
  dmarc: 'DMARC',
  'remote-mta': 'Remote server',
  stage: 'Failed at',
};

export const STAGES: Record<string, string> = {
  CONN: 'connection (before any command)',
  HELO: 'HELO (greeting)',
  EHLO: 'EHLO (greeting)',
  STARTTLS: 'STARTTLS',
  AUTH: 'AUTH',
  MAIL: 'MAIL FROM (the sender)',
  RCPT: 'RCPT TO (the recipient)',
  DATA: 'DATA (the message content)',
  RSET: 'RSET',
  QUIT: 'QUIT',
};

/** The most text read for facts: a bounce's facts sit in its first part; a pasted log is not read whole. */
export const MAX_FACT_INPUT = 512 * 1024;
const MAX_EVIDENCE = 20;

const ORDER: FactKind[] = [
  'stage',
  'remote-mta',
  'sending-ip',
  'from-domain',
  'envelope-domain',
  'recipient-domain',
  'spf',
  'dkim',
  'dmarc',
];

// ---- IP addresses -------------------------------------------------------------------------------

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
/** A dotted quad not inside a longer dotted run of digits (version numbers, OIDs). */
const IPV4 = new RegExp(`(?<![0-9.])${OCTET}(?:\\.${OCTET}){3}(?![0-9]|\\.[0-9])`, 'g');
/** IPv6 candidates: hex groups and colons, checked by the URL parser (the browser's own). */
const IPV6_CANDIDATE = /(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:])/g;

/** A valid IPv6 address in its canonical form, or undefined. Needs "::" or eight groups (so 09:43:12 is not one). */
export function ipv6(candidate: string): string | undefined {
  const groups = candidate.split(':').length;
  if (!candidate.includes('::') && groups !== 8) return undefined;
  if (!/[0-9A-Fa-f]/.test(candidate)) return undefined;
  try {
    return new URL(`http://[${candidate}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/** Loopback, unspecified and link-local addresses say nothing about the sender's reputation. */
function isLocal(ip: string): boolean {
  return /^(?:127\.|0\.0\.0\.0$|169\.254\.)/.test(ip) || ip === '::1' || ip === '::' || /^fe[89ab]/i.test(ip);
}

// ---- Reading the text ---------------------------------------------------------------------------

interface Field {
  name: string;
  /** Offset of the field's value (after "Name:"), and of the end of its last folded line. */
  start: number;
  end: number;
  line: number;
}

/** Line starts, for 1-based line numbers of offsets. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const FIELD_START = /^([A-Za-z][A-Za-z0-9-]{0,76}):/;

/** Every "Name: value" line with its folded continuation lines (headers and report fields alike). */
function fields(text: string, lineOf: (o: number) => number): Field[] {
  const out: Field[] = [];
  let current: Field | undefined;
  let at = 0;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(at, end).replace(/\r$/, '');
    const folded = current && (line.startsWith(' ') || line.startsWith('\t')) && line.trim() !== '';
    if (folded) current!.end = at + line.length;
    else {
      const m = FIELD_START.exec(line);
      current = m
        ? { name: m[1].toLowerCase(), start: at + m[0].length, end: at + line.length, line: lineOf(at) }
        : undefined;
      if (current) out.push(current);
    }
    if (nl === -1) break;
    at = nl + 1;
  }
  return out;
}

/** Where the returned original starts: after its part's headers, or after a notice's marker line. */
const RETURNED_PART = /^content-type:[ \t]*(?:message\/(?:rfc822|global)|text\/(?:rfc822-headers|global-headers))\b/im;
const RETURNED_MARKER =
  /^[ \t]*-{2,}[ \t]*(?:below this line is a copy of the message|(?:this is a )?copy of the (?:original )?message|(?:the )?original message|unsent message follows|returned (?:mail|message)|undelivered message|message headers follow|(?:original )?message header|(?:the )?header of the original message|headers of the (?:original )?message)/im;
const REPORT_PART = /^content-type:[ \t]*message\/(?:global-)?delivery-status\b/im;
const DSN_FIELD = /^(?:final-recipient|reporting-mta|action|status)[ \t]*:/im;
const DAEMON = /mailer-daemon|postmaster|mail delivery/i;

interface Layout {
  scope(offset: number): Scope;
}

function layout(text: string): Layout {
  const email = looksLikeEmail(text.slice(0, 8192));
  const blank = email ? /\r?\n[ \t]*\r?\n/.exec(text) : null;
  const headerEnd = blank ? blank.index : 0;
  let returned = Infinity;
  const part = RETURNED_PART.exec(text);
  if (part) {
    const afterPartHeaders = /\r?\n[ \t]*\r?\n/.exec(text.slice(part.index));
    returned = afterPartHeaders ? part.index + afterPartHeaders.index + afterPartHeaders[0].length : text.length;
  }
  const marker = RETURNED_MARKER.exec(text);
  if (marker && marker.index >= headerEnd && marker.index < returned) {
    // The marker's line, and any blank lines after it, come before the original's headers.
    const rest = /^[^\n]*\n(?:[ \t]*\r?\n){0,5}/.exec(text.slice(marker.index));
    returned = marker.index + (rest ? rest[0].length : marker[0].length);
  }
  const bodyBlank = returned === Infinity ? null : /\r?\n[ \t]*\r?\n/.exec(text.slice(returned));
  const body = bodyBlank ? returned + bodyBlank.index : Infinity;
  // An email that is no bounce (no report, no returned message, not from a mailer): its own
  // headers are the message the reader asks about.
  const head = text.slice(0, headerEnd);
  const from = head.split('\n').find((l) => l.slice(0, 5).toLowerCase() === 'from:');
  const isNotice =
    returned !== Infinity || REPORT_PART.test(text) || DSN_FIELD.test(text) || (!!from && DAEMON.test(from));
  return {
    scope: (o) =>
      o >= body ? 'body' : o >= returned ? 'original' : o < headerEnd ? (isNotice ? 'notice' : 'original') : 'report',
  };
}

// ---- What the fields and words say ---------------------------------------------------------------

/** RFC 8601 method=result (also in ARC-Authentication-Results; "=3D" when quoted-printable was pasted). */
const AUTH_RESULT = /(?:^|[\s;])(spf|dkim|dmarc)[ \t]*=(?:3D)?[ \t]*([a-z]+)/gi;
const AUTH_PROPERTY =
  /\b(smtp\.mailfrom|smtp\.helo|header\.d|header\.i|header\.from)[ \t]*=(?:3D)?[ \t]*"?([^\s;()"]{1,254})/i;
const RESULTS = new Set([
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
  'hardfail',
]);
const CLIENT_IP = /\b(?:smtp\.client-ip|client-ip)[ \t]*=(?:3D)?[ \t]*\[?([0-9A-Fa-f.:]{3,45})/gi;
const SPF_FIRST_WORD = /^[ \t]*([A-Za-z]+)/;
const ENVELOPE_FROM = /\benvelope-from=(?:3D)?"?<?([^\s;<>"]{1,254})/i;
/** A domain of two or more labels, each of letters, digits and inner hyphens. */
const isDomain = (d: string) =>
  d.length <= 253 &&
  d.split('.').length >= 2 &&
  d.split('.').every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));

/** What the reply text says about authentication, in words. */
const AUTH_WORDS: { kind: 'spf' | 'dkim' | 'dmarc'; pattern: RegExp }[] = [
  {
    kind: 'dmarc',
    pattern:
      /\b(?:dmarc(?:[ \t]*\r?\n)?[ \t]+(?:policy|verification|check(?:s|ed)?|authentication|fail(?:ed|ure|s)?|reject(?:ed|ion)?)|(?:fail(?:ed|s)?|not(?:[ \t]*\r?\n)?[ \t]+pass)(?:[ \t]*\r?\n)?[ \t]+(?:the(?:[ \t]*\r?\n)?[ \t]+)?dmarc)\b/gi,
  },
  {
    kind: 'spf',
    pattern:
      /\b(?:spf(?:[ \t]*\r?\n)?[ \t]+(?:check(?:s|ed)?(?:[ \t]*\r?\n)?[ \t]+fail(?:ed|ure)?|fail(?:ed|ure|s)?|validation|verification|hard[ -]?fail|soft[ -]?fail|reject(?:ed|ion)?)|(?:prohibited|rejected|blocked)(?:[ \t]*\r?\n)?[ \t]+by(?:[ \t]*\r?\n)?[ \t]+spf|(?:fail(?:ed|s)?|not(?:[ \t]*\r?\n)?[ \t]+pass)(?:[ \t]*\r?\n)?[ \t]+spf)\b/gi,
  },
  {
    kind: 'dkim',
    pattern:
      /\b(?:dkim(?:[ \t]*\r?\n)?[ \t]+(?:=[ \t]*)?(?:checks?(?:[ \t]*\r?\n)?[ \t]+)?(?:did(?:[ \t]*\r?\n)?[ \t]+not(?:[ \t]*\r?\n)?[ \t]+pass|fail(?:ed|ure|s)?|verification|not(?:[ \t]*\r?\n)?[ \t]+configured)|dkim(?:[ \t]*\r?\n)?[ \t]+signature(?:[ \t]*\r?\n)?[ \t]+(?:is(?:[ \t]*\r?\n)?[ \t]+)?(?:invalid|missing|fail(?:ed|s)?)|(?:fail(?:ed|s)?|not(?:[ \t]*\r?\n)?[ \t]+pass)(?:[ \t]*\r?\n)?[ \t]+dkim)\b/gi,
  },
];

/** Sendmail: "The original message was received at <date>" and, on the next line, "from host [ip]". */
const RECEIVED_AT = 'original message was received at';

/** Words just before an address that make it the connecting client's ("Client host [", "Your IP "). */
const SENDER_BEFORE =
  /(?:\b(?:client|sender|sending|source|connecting|originating|your)(?:[ \t]+(?:host(?:name)?|ip|address))?(?:[ \t]+address)?[^A-Za-z0-9]{0,3}|\bip(?:[ \t]+address)?[ \t:=]{0,3}[[(]?|\b(?:messages?|mails?|e-?mails?|connections?)[ \t]+from[ \t]+\[?|\b(?:lookup failed|hostname,?)[ \t]*\[|\b[245][0-9][0-9][ -][245]\.[0-9]{1,3}\.[0-9]{1,3}[ \t]+\[)$/i;
/** Words just after an address that make it the client's ("… [192.0.2.1] is listed", "…]>: Client host rejected"). */
const SENDER_AFTER =
  /^(?:\]?(?::[0-9]{1,5})?[ \t]+(?:is|was|has been)[ \t]+(?:listed|in an? |blocked|black|block|banned|on )|\]>?:?[ \t]+client host rejected)/i;

/** The command a failing reply answered (the analyzer's readers use the same wording). */
const COMMAND =
  /(?:in reply to (?:the )?|\bafter (?:the )?|>>> ?|\bresponse to (?:the )?)(rcpt to|mail from|end of data|data|helo|ehlo|starttls|auth|rset|quit|initial connection|connect)\b/gi;

/** Every fact in a pasted bounce, with the spans it was read from (offsets into `input`). */
export function bounceFacts(input: string, hints: readonly FactHints[] = []): Fact[] {
  const text = input.length > MAX_FACT_INPUT ? input.slice(0, MAX_FACT_INPUT) : input;
  const lineOf = lineIndex(text);
  const { scope } = layout(text);
  const facts = new Map<string, Fact>();
  const add = (kind: FactKind, value: string, start: number, end: number, source: string, detail?: string) => {
    const key = `${kind}\u0000${value.toLowerCase()}\u0000${detail ?? ''}`;
    const fact = facts.get(key) ?? { kind, value, ...(detail ? { detail } : {}), evidence: [] };
    facts.set(key, fact);
    if (fact.evidence.length < MAX_EVIDENCE && !fact.evidence.some((e) => e.start === start && e.end === end))
      fact.evidence.push({ start, end, line: lineOf(start), source, scope: scope(start) });
  };
  /** Every address's domain in a field value. */
  const domains = (kind: FactKind, f: Field, source: string) => {
    for (const a of addressesIn(text, f.start, f.end)) add(kind, a.domain, a.start, a.end, source);
  };
  /** Ranges whose IP addresses are someone else's (remote hosts, reporting MTAs, relays): never the sender's. */
  const notSender: [number, number][] = [];

  for (const f of fields(text, lineOf)) {
    const sc = scope(f.start);
    const value = text.slice(f.start, f.end);
    const name = f.name;
    if (name === 'remote-mta') {
      const m = /^[ \t]*(?:dns|x-[a-z-]+)[ \t]*;[ \t]*\[?([^\s\]]{1,255})/i.exec(value);
      if (m) {
        const at = f.start + m.index + m[0].length - m[1].length;
        add('remote-mta', m[1].replace(/\.$/, '').toLowerCase(), at, at + m[1].length, 'Remote-MTA');
      }
      notSender.push([f.start, f.end]);
      continue;
    }
    if (
      name === 'reporting-mta' ||
      name === 'received-from-mta' ||
      name === 'received' ||
      name === 'x-postfix-queue-id'
    ) {
      notSender.push([f.start, f.end]);
      continue;
    }
    if (name === 'final-recipient' || name === 'original-recipient' || name === 'x-failed-recipients')
      domains('recipient-domain', f, headerName(name));
    // The notice's own delivery is not the message that bounced; the original's body is its content.
    if (sc === 'notice' || sc === 'body') continue;
    if (name === 'x-postfix-sender' || name === 'original-mail-from') domains('envelope-domain', f, headerName(name));
    if (sc === 'original' && name === 'return-path') domains('envelope-domain', f, 'Return-Path');
    if (sc === 'original' && name === 'from') domains('from-domain', f, 'From');
    if (name === 'authentication-results' || name === 'arc-authentication-results') {
      const source = headerName(name);
      // Up to each ";" is one method's result and its properties.
      for (const m of value.matchAll(AUTH_RESULT)) {
        const result = m[2].toLowerCase();
        if (!RESULTS.has(result)) continue;
        const kind = m[1].toLowerCase() as 'spf' | 'dkim' | 'dmarc';
        const at = f.start + m.index + m[0].length - m[0].trimStart().length;
        const from = m.index + m[0].length;
        const rest = value.slice(from, resultEnd(value, from));
        const prop = AUTH_PROPERTY.exec(rest);
        const detail = prop ? `${prop[1].toLowerCase()}=${afterAt(prop[2])}` : undefined;
        add(kind, result, at, f.start + m.index + m[0].length, source, detail);
        if (prop) {
          const pAt = f.start + m.index + m[0].length + prop.index + prop[0].length - prop[2].length;
          const domain = afterAt(prop[2]).toLowerCase();
          const key = prop[1].toLowerCase();
          if (key === 'header.from') add('from-domain', domain, pAt, pAt + prop[2].length, source);
          if (key === 'smtp.mailfrom') add('envelope-domain', domain, pAt, pAt + prop[2].length, source);
        }
      }
    }
    if (name === 'received-spf') {
      const m = SPF_FIRST_WORD.exec(value);
      if (m && RESULTS.has(m[1].toLowerCase())) {
        const at = f.start + m[0].length - m[1].length;
        add('spf', m[1].toLowerCase(), at, at + m[1].length, 'Received-SPF');
      }
      const env = ENVELOPE_FROM.exec(value);
      if (env?.[1].includes('@')) {
        const at = f.start + env.index + env[0].length - env[1].length;
        add('envelope-domain', afterAt(env[1]).toLowerCase(), at, at + env[1].length, 'Received-SPF');
      }
    }
    if (name === 'authentication-results' || name === 'arc-authentication-results' || name === 'received-spf')
      for (const m of value.matchAll(CLIENT_IP)) {
        const ip = m[1].includes(':') ? ipv6(m[1]) : m[1];
        const at = f.start + m.index + m[0].length - m[1].length;
        if (ip && !isLocal(ip)) add('sending-ip', ip, at, at + m[1].length, headerName(name));
      }
    if ((name === 'x-originating-ip' || name === 'source-ip') && sc !== 'report') {
      const ips = ipsIn(value);
      for (const { ip, index, length } of ips)
        add('sending-ip', ip, f.start + index, f.start + index + length, headerName(name));
    }
  }

  // The words of the notice and the report (not the returned original's headers).
  for (const m of text.matchAll(REMOTE_HOST)) {
    if (scope(m.index) !== 'report') continue;
    const hostAt = m.index + m[0].indexOf(m[1]);
    add('remote-mta', m[1].toLowerCase(), hostAt, hostAt + m[1].length, 'the reply text');
    const ipAt = m.index + m[0].length - 1 - m[2].length;
    notSender.push([ipAt, ipAt + m[2].length]);
  }
  // Sendmail's "The original message was received at … from host [ip]": the submitting client.
  const lowerText = text.toLowerCase();
  for (let i = lowerText.indexOf(RECEIVED_AT); i !== -1; i = lowerText.indexOf(RECEIVED_AT, i + 1)) {
    // This line and the next, each read at most 300 characters far.
    const window = lowerText.slice(i, i + 600);
    const lineEnd = window.indexOf('\n');
    const nextEnd = lineEnd === -1 ? -1 : window.indexOf('\n', lineEnd + 1);
    notSender.push([i, i + (nextEnd === -1 ? window.length : nextEnd)]);
  }
  // Gmail's "SPF [example.com] with ip: [192.0.2.1] = did not pass" (folded, with reply-code prefixes).
  for (let i = lowerText.indexOf('spf ['); i !== -1; i = lowerText.indexOf('spf [', i + 1)) {
    if (scope(i) !== 'report') continue;
    const words = lowerText
      .slice(i, i + 200)
      .replace(/550-5\.7\.26/g, ' ')
      .split(/\s+/)
      .join(' ');
    const end = lowerText.slice(i, i + 200).indexOf('pass') + i;
    if (/^spf \[[^\]]{1,100}\] with ip: \[[0-9a-f.:]{3,45}\] = did not pass/.test(words) && end >= i)
      add('spf', 'fail', i, end + 4, 'the reply text', 'as the reply says');
  }
  notSender.sort((a, b) => a[0] - b[0]);
  let r = 0;
  let reach = -1; // the furthest end of the ranges that start at or before the address
  for (const { ip, index, length } of ipsIn(text)) {
    while (r < notSender.length && notSender[r][0] <= index) reach = Math.max(reach, notSender[r++][1]);
    if (index < reach || isLocal(ip) || scope(index) !== 'report') continue;
    // The reply names many hosts (its own, relays, log fields): only words around an address
    // that say it is the client's make it the sending IP.
    const near = text.slice(Math.max(0, index - 60), index);
    const before = near.slice(near.lastIndexOf('\n') + 1);
    const next = text.slice(index + length, index + length + 40);
    const after = next.includes('\n') ? next.slice(0, next.indexOf('\n')) : next;
    if (SENDER_BEFORE.test(before) || SENDER_AFTER.test(after))
      add('sending-ip', ip, index, index + length, 'the reply text');
  }
  for (const { kind, pattern } of AUTH_WORDS)
    for (const m of text.matchAll(pattern))
      if (scope(m.index) === 'report')
        add(kind, 'fail', m.index, m.index + m[0].length, 'the reply text', 'as the reply says');
  for (const m of text.matchAll(COMMAND)) {
    if (scope(m.index) !== 'report') continue;
    const word = m[1].toLowerCase();
    add('stage', nameOf(word), m.index, m.index + m[0].length, 'the reply text');
  }

  // What the analyzer read: kept even where the words above found nothing, located in the text.
  // The commands its failures answered (a success report's is not where anything failed).
  const failedAt = new Set(hints.flatMap((h) => (h.command && h.verdict !== 'none' ? [h.command] : [])));
  const lower = text.toLowerCase();
  // The findings the page shows, each value once: a long log's thousands of findings repeat them.
  const seen = new Set<string>();
  const fresh = (v: string | undefined) => (v && !seen.has(v) ? (seen.add(v), v) : undefined);
  let ats: Map<string, number[]> | undefined;
  for (const h of hints.slice(0, 200)) {
    const mta = fresh(h.remoteMta?.toLowerCase());
    if (mta) locate(lower, mta, (s, e) => add('remote-mta', mta, s, e, 'the remote MTA the analyzer read'));
    const recipient = fresh(h.recipient?.toLowerCase());
    if (recipient?.includes('@')) {
      const domain = recipient.slice(recipient.lastIndexOf('@') + 1);
      ats ??= atIndex(lower);
      locateAddress(lower, ats, recipient, (s, e) =>
        add('recipient-domain', domain, s, e, 'the failed recipient’s address'),
      );
    }
  }
  // A command the analyzer found where the words above did not (e.g. on a line before the reply).
  for (const command of failedAt) {
    const key = `stage\u0000${command.toLowerCase()}\u0000`;
    if (!facts.has(key)) facts.set(key, { kind: 'stage', value: command, evidence: [] });
  }
  // A command the words name that no failure answered is not where delivery failed (">>> MAIL" that
  // the server took, a "503 need RCPT" that only follows a refusal).
  const list = [...facts.values()].filter((f) =>
    f.kind === 'stage' ? !failedAt.size || failedAt.has(f.value) : f.evidence.length > 0,
  );
  for (const f of list) f.evidence.sort((a, b) => a.start - b.start);
  return list.sort(
    (a, b) =>
      ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
      (a.evidence[0]?.start ?? Infinity) - (b.evidence[0]?.start ?? Infinity),
  );
}

/** Where one method's result ends: the next ";" outside a (comment), or the field's end. */
function resultEnd(value: string, from: number): number {
  let depth = 0;
  for (let i = from; i < value.length && i < from + 2000; i++) {
    const c = value[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) return i;
  }
  return Math.min(value.length, from + 2000);
}

const LOCAL_CHAR = /[^\s<>"'(),;:@[\]]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/** Addresses (local@domain) in text[from, to): found from each "@" outwards, no backtracking. */
function addressesIn(text: string, from: number, to: number): { domain: string; start: number; end: number }[] {
  const out: { domain: string; start: number; end: number }[] = [];
  for (let at = text.indexOf('@', from); at !== -1 && at < to; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > from && at - start < 64 && LOCAL_CHAR.test(text[start - 1])) start--;
    let end = at + 1;
    while (end < to && end - at <= 253 && DOMAIN_CHAR.test(text[end])) end++;
    while (end > at + 1 && text[end - 1] === '.') end--;
    const domain = text.slice(at + 1, end);
    if (start < at && isDomain(domain)) out.push({ domain: domain.toLowerCase(), start, end });
  }
  return out;
}

/** The domain of an address ("a@b.example" → "b.example"; "@b.example" → "b.example"). */
const afterAt = (s: string) => s.slice(s.lastIndexOf('@') + 1);

const HEADER_NAMES: Record<string, string> = {
  'authentication-results': 'Authentication-Results',
  'arc-authentication-results': 'ARC-Authentication-Results',
  'received-spf': 'Received-SPF',
  'x-postfix-sender': 'X-Postfix-Sender',
  'original-mail-from': 'Original-Mail-From',
  'x-originating-ip': 'X-Originating-IP',
  'source-ip': 'Source-IP',
  'final-recipient': 'Final-Recipient',
  'original-recipient': 'Original-Recipient',
  'x-failed-recipients': 'X-Failed-Recipients',
};
const headerName = (name: string) => HEADER_NAMES[name] ?? name;

/** IPv4 and IPv6 addresses in a text, with where they are. */
function ipsIn(text: string): { ip: string; index: number; length: number }[] {
  const out: { ip: string; index: number; length: number }[] = [];
  for (const m of text.matchAll(IPV4)) out.push({ ip: m[0], index: m.index, length: m[0].length });
  for (const m of text.matchAll(IPV6_CANDIDATE)) {
    const ip = ipv6(m[0]);
    if (ip) out.push({ ip, index: m.index, length: m[0].length });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Each occurrence of `needle` in `hay` (both lower case), at most MAX_EVIDENCE. */
export function locate(hay: string, needle: string, found: (start: number, end: number) => void): void {
  if (!needle) return;
  let n = 0;
  for (let i = hay.indexOf(needle); i !== -1 && n < MAX_EVIDENCE; i = hay.indexOf(needle, i + needle.length), n++)
    found(i, i + needle.length);
}

/** The "@"s of a text, by the character before each and the four after it ("0@exam"). */
export function atIndex(hay: string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (let p = hay.indexOf('@'); p !== -1; p = hay.indexOf('@', p + 1)) {
    const key = hay.slice(p - 1, p + 5);
    const list = index.get(key);
    if (list) list.push(p);
    else index.set(key, [p]);
  }
  return index;
}

/**
 * locate() for an address, through the text's atIndex: the same occurrences, but only the "@"s
 * that could start one are looked at. A log's 200 recipients each searched through 512 KB cost
 * ~35 ms; this costs ~1 ms.
 */
export function locateAddress(
  hay: string,
  index: Map<string, number[]>,
  needle: string,
  found: (start: number, end: number) => void,
): void {
  const q = needle.indexOf('@');
  if (q < 1 || needle.length < q + 5) return locate(hay, needle, found);
  let n = 0;
  let end = 0;
  for (const p of index.get(needle.slice(q - 1, q + 5)) ?? []) {
    const start = p - q;
    // Occurrences do not overlap, as locate's search from the end of the last one.
    if (start < end || !hay.startsWith(needle, start)) continue;
    end = start + needle.length;
    found(start, end);
    if (++n >= MAX_EVIDENCE) return;
  }
}

/**
 * Where a finding's evidence lies in the pasted text. A finding's text is read from the input
 * but may be unfolded or decoded (a folded Diagnostic-Code, "550-5.7.26" continuation prefixes),
 * so each piece is looked for as it is, then word by word allowing only line breaks, spaces and
 * reply-code prefixes between the words. Pieces not found are left out: never a wrong mark.
 */
export function locateEvidence(
  input: string,
  finding: { text: string; line: number; evidence: readonly { start: number; end: number; why: string }[] },
): { start: number; end: number; why: string }[] {
  const text = input.length > MAX_FACT_INPUT ? input.slice(0, MAX_FACT_INPUT) : input;
  let from = 0;
  for (let l = 1; l < finding.line && from !== -1; l++) from = text.indexOf('\n', from) + 1 || -1;
  if (from === -1) from = 0;
  const out: { start: number; end: number; why: string }[] = [];
  for (const e of finding.evidence) {
    const needle = finding.text.slice(e.start, e.end);
    if (!needle.trim()) continue;
    // Read where the finding starts, and not far past it: a log has thousands of findings.
    const at = findLoosely(text.slice(from, from + 20_000), needle);
    if (at) out.push({ start: from + at.start, end: from + at.end, why: e.why });
  }
  return out;
}

const GAP = /^(?:[ \t]*\r?\n)?[ \t]*(?:[2-5][0-9][0-9][ -](?:[2-5]\.[0-9]{1,3}\.[0-9]{1,3}[ \t]+)?)?$/;

/** `needle` in `hay`: exactly, or word by word across folds. At most 50 tries. */
function findLoosely(hay: string, needle: string): { start: number; end: number } | undefined {
  const exact = hay.indexOf(needle);
  if (exact !== -1) return { start: exact, end: exact + needle.length };
  const words = needle.split(/\s+/).filter(Boolean);
  if (words.length < 2) return undefined;
  let start = hay.indexOf(words[0]);
  for (let tries = 0; start !== -1 && tries < 50; tries++, start = hay.indexOf(words[0], start + 1)) {
    let end = start + words[0].length;
    let ok = true;
    for (const w of words.slice(1)) {
      const next = hay.indexOf(w, end);
      // Between two words only white space, one line break and a reply-code prefix may stand.
      if (next === -1 || next - end > 40 || !GAP.test(hay.slice(end, next))) {
        ok = false;
        break;
      }
      end = next + w.length;
    }
    if (ok) return { start, end };
  }
  return undefined;
}
