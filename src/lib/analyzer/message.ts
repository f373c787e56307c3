/**
 * Message stage: turns a pasted or uploaded bounce into the text the readers read. A whole email
 * (bytes or text) is parsed by postal-mime: nested multipart, base64 and quoted-printable, charsets
 * through TextDecoder, RFC 2047 words. The notice's own words and its delivery-status report are
 * kept; the returned original message is set apart, since its lines are not the failure (it only
 * gives context: its Message-ID, From and To). Anything that is not an email (a reply line, a
 * log, webhook JSON) passes through as it is.
 */
import type { Attachment, Email } from 'postal-mime';
import { inlineForward, quotedReply } from './quoted-notice.ts';
import { withPartCharsets } from './part-charsets.ts';
import { FORWARD_PREFIX, NOTICE_SENDER, NOTICE_SUBJECT, REPLY_PREFIXES } from './patterns.ts';
import { headerFields } from './header-fields.ts';
import { feedbackReport, jmrpComplaint } from './readers/feedback.ts';
import type { Feedback } from './types.ts';

/** The returned original message: context for the findings, never a finding. */
export interface OriginalMessage {
  messageId?: string;
  from?: string;
  to?: string[];
}

export interface Message {
  /** What the readers read: the notice's text, then each delivery-status report. */
  text: string;
  /** True when the input was parsed as an email. */
  email: boolean;
  original?: OriginalMessage;
  /** Addresses in X-Failed-Recipients (Exim and others), in order. */
  failedRecipients: string[];
  /** The sender's addresses (the notice's To, the original's From): never the failed recipient. */
  senders: string[];
  /** True when the headers say it is a notice from a mail system (sender, report type, subject). */
  bounce: boolean;
  /** True when the sender or the report type says so (a subject alone does not). */
  fromMailSystem: boolean;
  /** A feedback report's type and complainers: the email is a complaint, not a bounce. */
  feedback?: Feedback;
}

/** An email starts with a header block that has at least one field every email has. */
const HEADER_LINE = /^(?:From [^\s:]+ |[A-Za-z][A-Za-z0-9-]*:)/;
const EMAIL_FIELD = /^(?:from|to|subject|date|received|return-path|message-id|mime-version|content-type):/im;

export function looksLikeEmail(head: string): boolean {
  const firstLine = head.slice(0, head.search(/\r?\n|\r|$/));
  const blank = /\r?\n[ \t]*\r?\n|\r\r/.exec(head);
  if (!blank || !HEADER_LINE.test(firstLine)) return false;
  // A header block: at least two fields, one of them a field every email has.
  const block = head.slice(0, blank.index);
  return EMAIL_FIELD.test(block) && (block.match(/^[A-Za-z][A-Za-z0-9-]*:/gm)?.length ?? 0) >= 2;
}

/** Where a plain-text notice starts quoting the message it returns (qmail, Sendmail, Exim, Courier…). */
const RETURNED_MARKER =
  /^[ \t]*-{2,}[ \t]*(?:below this line is a copy of the message|(?:this is a )?copy of the (?:original )?message|(?:the )?original message|unsent message follows|returned (?:mail|message)|undelivered message|message headers follow|(?:original )?message header|headers of the (?:original )?message)/im;

const DECODER = new TextDecoder('utf-8');
/** One character per byte (WHATWG's latin1 is windows-1252, still single-byte): positions are byte offsets. */
const LATIN1 = new TextDecoder('latin1');

function attachmentText(a: Attachment): string {
  return typeof a.content === 'string' ? a.content : DECODER.decode(a.content);
}

/** Text parts that are the notice: also those a malformed header left as attachments. */
const isNoticeText = (a: Attachment) =>
  /^text\/(?!html|rfc822-headers|global-headers)/i.test(a.mimeType ?? '') && !a.filename;

const isReport = (a: Attachment) => /^message\/(?:global-)?delivery-status$/i.test(a.mimeType);
const isFeedbackReport = (a: Attachment) => /^message\/feedback-report$/i.test(a.mimeType);
const isOriginal = (a: Attachment) =>
  !!a.mimeType && /^(?:message\/(?:rfc822|global|partial)|text\/(?:rfc822-headers|global-headers))$/i.test(a.mimeType);

/** Context from a returned message or header block: its Message-ID, From and To. */
function originalFrom(headerText: string): OriginalMessage {
  const fields = headerFields(headerText);
  const field = (name: string) => fields.find((f) => f.name === name)?.value || undefined;
  const to = field('to');
  return {
    messageId: field('message-id'),
    from: field('from'),
    to: to ? to.split(',').map((t) => t.trim()) : undefined,
  };
}

function textOf(email: Email): string {
  if (email.text) return email.text;
  // An HTML-only notice: its words, without markup.
  return (
    (email.html ?? '')
      .replace(/<(?:br|\/p|\/div|\/tr|\/li)[^<>]{0,100}>/gi, '\n')
      // [^<>]: a stray "<" ends the attempt, so no text is scanned twice (linear time).
      .replace(/<[^<>]{0,1000}>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  );
}

function failedRecipients(email: Email): string[] {
  return email.headers
    .filter((h) => h.key === 'x-failed-recipients')
    .flatMap((h) => h.value.split(','))
    .map((a) => a.trim().replace(/^<|>$/g, ''))
    .filter((a) => a.includes('@'));
}

/** How far into the input its header block may end: a Microsoft 365 notice's header runs past 20 KB. */
const HEADER_MAX = 65_536;

/** The length of the blank lines before the first line with text (a paste often starts with some). */
function blankLead(input: string | Uint8Array): number {
  let end = 0;
  for (let i = 0; i < Math.min(input.length, 4096); i++) {
    const c = typeof input === 'string' ? input.charCodeAt(i) : input[i];
    if (c === 10 || c === 13) end = i + 1;
    else if (c !== 32 && c !== 9) break;
  }
  return end;
}

/**
 * The input's header block: its text (latin1 for bytes, one character per byte, so a position in
 * it is a byte offset) and where its last line ends, before the blank line (-1: no blank line
 * within HEADER_MAX).
 */
function headerBlock(input: string | Uint8Array): { text: string; end: number } {
  const head = typeof input === 'string' ? input.slice(0, HEADER_MAX) : LATIN1.decode(input.subarray(0, HEADER_MAX));
  const end = /\r?\n[ \t]*\r?\n/.exec(head)?.index ?? -1;
  return { text: end < 0 ? head : head.slice(0, end), end };
}

/** The input with one more header field, as the header's last (before the blank line at `end`). */
function withField(input: string | Uint8Array, end: number, field: string): string | Uint8Array {
  const line = `\n${field}`;
  if (typeof input === 'string') return input.slice(0, end) + line + input.slice(end);
  const out = new Uint8Array(input.length + line.length);
  out.set(input.subarray(0, end));
  out.set(new TextEncoder().encode(line), end);
  out.set(input.subarray(end), end + line.length);
  return out;
}

export async function readMessage(whole: string | Uint8Array, nested = false): Promise<Message> {
  const lead = blankLead(whole);
  const input = lead ? whole.slice(lead) : whole;
  const head = typeof input === 'string' ? input.slice(0, HEADER_MAX) : DECODER.decode(input.subarray(0, HEADER_MAX));
  if (!looksLikeEmail(head)) {
    const text = typeof whole === 'string' ? whole : DECODER.decode(whole);
    // A forward copied out of a mail client's window (no header of its own): its marker comes after
    // a few words at most, so a log that quotes a forward further down is still read as a log.
    const quoted = nested ? undefined : (inlineForward(text, 2000) ?? quotedReply(text, {}, 2000));
    if (quoted) return readMessage(quoted, true);
    return { text, email: false, failedRecipients: [], senders: [], bounce: false, fromMailSystem: false };
  }
  // Line ends first: the boundary repairs below, like the MIME parser, split lines on LF.
  const lf = crToLf(input);
  const repaired = withoutOriginalBody(withLostBoundary(lf));
  const PostalMime = await mimeParser();
  const email = await PostalMime.parse(
    ownBuffer(typeof repaired === 'string' ? repaired : withPartCharsets(repaired)),
    {
      forceRfc822Attachments: true,
      attachmentEncoding: 'arraybuffer',
    },
  );
  const forwarded = nested || !mayForward(email) ? undefined : await forwardedNotice(email);
  if (forwarded) return forwarded;
  const parts = [textOf(email), ...email.attachments.filter(isNoticeText).map(attachmentText)];
  let original: OriginalMessage | undefined;
  const notice = parts.map((part) => {
    const marker = RETURNED_MARKER.exec(part);
    if (!marker) return part;
    original = originalFrom(part.slice(marker.index + marker[0].length).replace(/^[^\n]*\n\s*/, ''));
    return part.slice(0, marker.index);
  });
  const reports = email.attachments.filter(isReport).map(attachmentText);
  const returned = email.attachments.find(isOriginal);
  if (returned) original = originalFrom(attachmentText(returned));
  let body = [...notice, ...reports].join('\n\n');
  // A multipart whose boundaries do not match (it happens in bounces) leaves no text: read it raw.
  if (body.replace(/\s+/g, '').length < 20) body = rawBody(lf);
  const subject = email.subject ? `Subject: ${email.subject}\n\n` : '';
  const feedback = email.attachments.find(isFeedbackReport);
  return {
    text: subject + body,
    email: true,
    original,
    failedRecipients: failedRecipients(email),
    senders: sendersOf(email, original),
    bounce: isNotice(email),
    fromMailSystem: fromMailSystem(email),
    feedback: feedback
      ? feedbackReport(attachmentText(feedback), original?.to)
      : // Microsoft's own complaint format: the complained-of message alone, no delivery report.
        returned && !reports.length
        ? jmrpComplaint(attachmentText(returned))
        : undefined,
  };
}

function sendersOf(email: Email, original?: OriginalMessage): string[] {
  const list = [...(email.to ?? []).flatMap((a) => (a.address ? [a.address] : (a.group ?? []).map((g) => g.address)))];
  if (email.returnPath) list.push(email.returnPath.replace(/^<|>$/g, ''));
  // The last word of the From field, without its angle brackets (no regular expression: linear).
  const last = original?.from?.trim().split(/\s+/).pop()?.replace(/^<|>$/g, '');
  const from = last && /^[^<>@]+@[^<>@]+$/.test(last) ? last : undefined;
  if (from) list.push(from);
  return list.filter((a) => a.includes('@'));
}

/** Where a returned original starts: as a MIME part, or quoted in a plain-text notice. */
const ORIGINAL_PART = /^content-type:[ \t]*(?:message\/(?:rfc822|global)|text\/(?:rfc822-headers|global-headers))/im;
/** What is kept of a returned original: its headers are context, its body (attachments) is not read. */
const ORIGINAL_KEPT = 32 * 1024;

/**
 * The input without the body of the message it returns: a 1 MB attachment in the original is not
 * the failure, and parsing it would cost most of the time. The MIME parser takes the cut part.
 */
function withoutOriginalBody(input: string | Uint8Array): string | Uint8Array {
  if (input.length < 2 * ORIGINAL_KEPT) return input;
  // latin1 keeps one character per byte, so positions found in the text are byte offsets.
  const text = typeof input === 'string' ? input : LATIN1.decode(input);
  const part = ORIGINAL_PART.exec(text) ?? RETURNED_MARKER.exec(text);
  if (!part || part.index + ORIGINAL_KEPT >= input.length) return input;
  return input.slice(0, part.index + ORIGINAL_KEPT);
}

/** The first boundary line of a body in MIME parts: "--" and a token, then a part's Content-Type. */
const PART_BOUNDARY = /^--([^\s"]{6,70})[ \t]*\r?\n[ \t]*content-type:/im;

/**
 * A notice in MIME parts whose own header lost its Content-Type (a list archive, a forward, a paste
 * from a mail client that keeps some fields only) is read as the multipart it is: the boundary is
 * the one its first part line uses. Without it the returned message would read as the notice.
 */
function withLostBoundary(input: string | Uint8Array): string | Uint8Array {
  const header = headerBlock(input);
  // Most emails have a Content-Type: their header alone is read.
  if (header.end < 0 || /^content-type:/im.test(header.text)) return input;
  const n = HEADER_MAX + 65_536;
  const text = typeof input === 'string' ? input.slice(0, n) : LATIN1.decode(input.subarray(0, n));
  const part = PART_BOUNDARY.exec(text);
  // Only a body that opens with its parts (a preamble such as "This is a multi-part message in MIME
  // format" at most): a plain notice that quotes a MIME message below its words stays plain text.
  if (!part || text.slice(header.end, part.index).trim().length > 300) return input;
  return withField(input, header.end, `Content-Type: multipart/mixed; boundary="${part[1]}"`);
}

type Parser = typeof import('postal-mime').default;
let parser: Promise<Parser> | undefined;

/**
 * postal-mime, loaded when the first email comes (a pasted reply line or log never pays for it),
 * then kept: a dynamic import per email cost ~5% of the time per email.
 */
export function mimeParser(): Promise<Parser> {
  return (parser ??= import('postal-mime').then(({ default: PostalMime }) => {
    joinLinesDirectly(PostalMime);
    return PostalMime;
  }));
}

/** A part's lines joined by LF, as postal-mime's pass-through decoder joins them, without a Blob. */
export class JoinedLines {
  private readonly lines: Uint8Array[] = [];
  private size = 0;
  update(line: Uint8Array): void {
    this.lines.push(line);
    this.size += line.length + 1;
  }
  finalize(): Promise<ArrayBuffer> {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const line of this.lines) {
      out.set(line, at);
      at += line.length;
      out[at++] = 10;
    }
    return Promise.resolve(out.buffer);
  }
}

const PATCHED = Symbol('joinLinesDirectly');

/**
 * postal-mime keeps the lines of a part without a transfer encoding (most parts of a bounce: the
 * notice, the delivery-status report, the returned original) as a list of pieces, two a line, and
 * joins them through a Blob read back asynchronously: in Node that was ~40% of the CPU time per
 * email. Such a part gets JoinedLines instead: the same bytes. MimeNode is not exported, so its
 * prototype is reached through a parser's root node; if it is not shaped as expected (another
 * postal-mime version), nothing is changed.
 */
function joinLinesDirectly(PostalMime: Parser): void {
  type Node = { contentDecoder: unknown; setupContentDecoder(encoding: string): void; [PATCHED]?: true };
  const proto = Object.getPrototypeOf((new PostalMime() as unknown as { root: Node }).root) as Node | null;
  const setup = proto?.setupContentDecoder;
  if (!proto || typeof setup !== 'function' || proto[PATCHED]) return;
  proto[PATCHED] = true;
  proto.setupContentDecoder = function (this: Node, encoding: string) {
    setup.call(this, encoding);
    // The stock choice, unchanged: base64 and quoted-printable keep their own decoders.
    const d = this.contentDecoder as { chunks?: unknown } | null;
    if (!/base64|quoted-printable/i.test(encoding) && Array.isArray(d?.chunks) && d.chunks.length === 0)
      this.contentDecoder = new JoinedLines();
  };
}

/**
 * The bytes as an ArrayBuffer postal-mime can read in place: given a view or a string, it makes a
 * copy of its own first (a second one for a string, after encoding it).
 */
function ownBuffer(input: string | Uint8Array): ArrayBuffer | Uint8Array {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : bytes;
}

/** Old Mac line ends (CR alone) become LF: the MIME parser splits lines on LF. */
function crToLf(input: string | Uint8Array): string | Uint8Array {
  if (typeof input === 'string') return /\r(?!\n)/.test(input) ? input.replace(/\r(?!\n)/g, '\n') : input;
  // indexOf is native: most emails have no CR at all, or CRLF only, and cost one scan.
  let at = input.indexOf(13);
  while (at >= 0 && input[at + 1] === 10) at = input.indexOf(13, at + 1);
  if (at < 0) return input;
  const out = input.slice();
  for (; at >= 0; at = input.indexOf(13, at + 1)) if (input[at + 1] !== 10) out[at] = 10;
  return out;
}

function rawBody(input: string | Uint8Array): string {
  const text = typeof input === 'string' ? input : DECODER.decode(input);
  const end = /\r?\n\r?\n/.exec(text);
  return end ? text.slice(end.index + end[0].length) : '';
}

/** The headers say a mail system wrote it: its sender, or a delivery report's content type. */
function fromMailSystem(email: Email): boolean {
  const header = (key: string) => email.headers.find((h) => h.key === key)?.value ?? '';
  return (
    NOTICE_SENDER.test(header('from')) ||
    /report-type=["']?delivery-status/i.test(header('content-type')) ||
    // fml, a mailing list manager, refuses a post from a non-member in a reply from its -admin address.
    (/^fml\b/i.test(header('x-mlserver')) && /-admin@/i.test(header('from')))
  );
}

const isNotice = (email: Email) => fromMailSystem(email) || NOTICE_SUBJECT.test(email.subject ?? '');

/**
 * A notice forwarded or quoted by a person (a customer sends the bounce on to support, or answers
 * it, and support pastes the whole email): the outer email is a person's, the notice is what to
 * read; the outer email's words are not. Only one level down. An attached message counts when it
 * is from a mail system by its headers (a subject alone, "Re: error in invoice", does not make an
 * original message a notice) or is the one message a "Fwd:" email carries (a provider's notice
 * from a no-reply address); a notice quoted in the body counts as inlineForward or quotedReply say
 * (the person who answers is the one who sent the failed message: the notice's To).
 */
async function forwardedNotice(email: Email): Promise<Message | undefined> {
  const attached = email.attachments.filter((a) => /^message\/(?:rfc822|global)$/i.test(a.mimeType ?? ''));
  const forward = attached.length === 1 && FORWARD_PREFIX.test(email.subject ?? '');
  for (const a of attached) {
    const bytes = typeof a.content === 'string' ? a.content : new Uint8Array(a.content);
    const inner = await readMessage(bytes, true);
    if (inner.email && (inner.fromMailSystem || forward)) return inner;
  }
  // Or quoted in the body, under a mail client's forward marker or a reply's attribution.
  const text = textOf(email);
  const quoted = inlineForward(text) ?? quotedReply(text, { sender: email.from?.address, subject: email.subject });
  const inner = quoted ? await readMessage(quoted, true) : undefined;
  return inner?.email ? inner : undefined;
}

/**
 * Whether the email may carry a forwarded or quoted notice: a notice in its own right ("Permanent
 * Delivery Failure" from MDaemon) returns the original, which may itself be a notice, and the
 * outer one is what failed; a "Fwd:" or "Re:" subject overrides a notice-like subject, not a mail
 * system's headers.
 */
function mayForward(email: Email): boolean {
  if (fromMailSystem(email) || email.attachments.some((a) => isReport(a) || isFeedbackReport(a))) return false;
  const subject = email.subject ?? '';
  return !isNotice(email) || FORWARD_PREFIX.test(subject) || REPLY_PREFIXES.test(subject);
}
