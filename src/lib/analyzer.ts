/**
 * The bounce analyzer: finds every failure in pasted text (a reply line, a multi-line reply, a
 * whole bounce email, an NDR, a log) and says what each one means and what to do. Pure and
 * linear in the input: it runs in the browser (/analyze/) and in the command line (bin/analyze.ts).
 *
 * The pipeline, one module per stage under analyzer/:
 *   message (MIME, charsets; the returned original set apart) → readers (DSN, SMTP replies, words)
 *   → classification (reason and verdict) → output (findings with evidence and warnings).
 *
 * Order of evidence: a provider's own wording (variant) beats the enhanced code, which beats the
 * reply code; words decide when a code is vague (550, 5.0.0), and give an inferred code when the
 * text has no code at all.
 */
import { finish } from './analyzer/output.ts';
import { gaveUp, noticeState } from './analyzer/gave-up.ts';
import { commandIn, onlyCommandIn } from './analyzer/readers/command.ts';
import { parseDsn } from './analyzer/readers/dsn.ts';
import { fromFailedRecipients } from './analyzer/readers/failed-recipients.ts';
import { dedupe, mergeFields, onePerRecipient } from './analyzer/readers/merge.ts';
import { parseReplies } from './analyzer/readers/replies.ts';
import { isSendmailTranscript, parseSendmailTranscript } from './analyzer/readers/sendmail-v5.ts';
import { parseSendmailSummary } from './analyzer/readers/sendmail-summary.ts';
import { parseSmtpSession, smtpSessionStyle } from './analyzer/readers/session.ts';
import { inferFromWords } from './analyzer/readers/words.ts';
import { jsonInEmail, jsonRecords, type JsonRecord } from './analyzer/readers/json.ts';
import { CHALLENGE, LOG_FAILURE } from './analyzer/patterns.ts';
import type { PreparedKnowledge } from './analyzer/knowledge.ts';
import { readMessage, type Message } from './analyzer/message.ts';
import { unquoted } from './analyzer/quoted-notice.ts';
import { decodeBytes } from './line-chunks.ts';
import { MAX_FINDINGS, MAX_INPUT, type Analysis, type Draft, type Feedback } from './analyzer/types.ts';

export type { OriginalMessage } from './analyzer/message.ts';
export {
  buildKnowledge,
  prepareKnowledge,
  withPatternFacts,
  type PreparedKnowledge,
  type ReadyKnowledge,
} from './analyzer/knowledge.ts';
export {
  MAX_INPUT,
  type AnalyzerKnowledge,
  type Analysis,
  type Evidence,
  type Feedback,
  type Finding,
  type KnownCode,
  type KnownVariant,
  type Shape,
} from './analyzer/types.ts';
/** Undo quoted-printable soft line breaks and =XX escapes in text pasted without its headers. */
function decodeQuotedPrintable(text: string): string {
  if (!/=\r?\n/.test(text) || !(/quoted-printable/i.test(text) || /=(?:20|3D)/.test(text))) return text;
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => {
    const c = parseInt(h, 16);
    return c >= 32 && c < 127 ? String.fromCharCode(c) : c === 9 ? '\t' : `=${h}`;
  });
}

/**
 * Typography a copy picks up, as the plain characters the rules are written in. A notice copied out
 * of a web mail client comes with its indentation as U+00A0 (HTML's &nbsp;), which no line rule
 * takes for white space; Outlook and web pages print "doesn’t" with a curly apostrophe, which no
 * phrase has. One character for one, so every offset still points into the pasted text.
 */
const TYPOGRAPHY: Record<string, string> = {
  '\u00a0': ' ', // no-break space
  '\u2007': ' ', // figure space
  '\u202f': ' ', // narrow no-break space
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
};
// The same characters as TYPOGRAPHY's keys, written out so the expression checker can read it.
const TYPOGRAPHIC = /[\u00a0\u2007\u202f\u2018\u2019\u201c\u201d]/g;
export const plainTypography = (text: string) => text.replace(TYPOGRAPHIC, (c) => TYPOGRAPHY[c]);

/** Text as pasted: typography made plain, quoted-printable undone, the quote marks a reply put on every line taken off. */
const asPasted = (text: string) => unquoted(decodeQuotedPrintable(plainTypography(text)));

/**
 * The text's lines, at CRLF, CR or LF. Without a CR it is a split at "\n", which runs several
 * times faster than the expression (the same lines).
 */
export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/**
 * Both lists' drafts in line order, the first list's before the second's on the same line: what a
 * stable sort of the two joined gives. Readers list their drafts in line order, so two sorted lists
 * are merged in one pass; lists out of order are sorted.
 */
export function byLine(a: Draft[], b: Draft[]): Draft[] {
  const sorted = (xs: Draft[]) => xs.every((x, i) => i === 0 || xs[i - 1].line <= x.line);
  if (!sorted(a) || !sorted(b)) return [...a, ...b].sort((x, y) => x.line - y.line);
  const out: Draft[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(b[j].line < a[i].line ? b[j++] : a[i++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/**
 * lines.slice(from, to).join(' ') (from, to >= 0), without the array: before the engine optimises it,
 * join() cost three times as much as adding the strings (13,000 findings look back two lines each).
 */
export function joinLines(lines: string[], from: number, to: number): string {
  const end = Math.min(to, lines.length);
  if (end <= from) return '';
  let s = lines[from];
  for (let j = from + 1; j < end; j++) s += ` ${lines[j]}`;
  return s;
}

/** The command each failure answered: in its own text, or on the lines just before it. */
function withCommands(drafts: Draft[], lines: string[], dsn: boolean): Draft[] {
  const human = dsn ? onlyCommandIn(lines.slice(0, 200).join(' ')) : undefined;
  for (const d of drafts)
    d.command ??= commandIn(d.text) ?? (dsn ? human : commandIn(joinLines(lines, Math.max(0, d.line - 3), d.line - 1)));
  return drafts;
}

/** Readers: which reader speaks for the text, and the drafts it finds. */
function read(text: string, k: PreparedKnowledge, message?: Message, options: AnalyzeOptions = {}): Draft[] {
  const senders = new Set(message?.senders.map((a) => a.toLowerCase()));
  const lines = splitLines(text);
  // A delivery status report speaks for itself: when it has per-recipient blocks, they decide,
  // even when none failed (a report of successful delivery is not a bounce).
  if (lines.some((l) => DSN_START.test(l))) return withCommands(parseDsn(lines, senders), lines, true);
  if (message?.email && isSendmailTranscript(lines)) return parseSendmailTranscript(lines);
  // A pasted SMTP session: each reply answered a command above it, and only the failures count.
  const session = message?.email || options.log ? undefined : smtpSessionStyle(lines);
  if (session) return parseSmtpSession(lines, session);
  const summary = parseSendmailSummary(lines, senders);
  if (summary) return summary;
  const drafts = mergeFields(parseReplies(lines, senders));
  const words = { bounce: message?.bounce, senders, reasons: k.reasons };
  if (drafts.length === 0 && !message?.email && lines.some((l) => LOG_FAILURE.test(l)))
    // A mail log without a single coded reply: its failure lines, read by their words.
    return withCommands(inferFromWords(lines, text, { ...words, only: (l) => LOG_FAILURE.test(l) }), lines, false);
  // A piece of a log with no failure line has nothing to read: its other lines are not a notice.
  if (drafts.length === 0 && options.log) return [];
  if (drafts.length === 0) return withCommands(inferFromWords(lines, text, words), lines, false);
  if (drafts[0].shape !== 'reply') return withCommands(drafts, lines, false);
  // A mail log mixes coded replies with code-less failures ("connect to …: Connection timed out").
  // The lines a reply starts on, one byte per line (a Set of 13,000 numbers cost more than the test).
  const covered = new Uint8Array(lines.length);
  for (const d of drafts) covered[d.line - 1] = 1;
  const only = (line: string, i: number) => covered[i] === 0 && LOG_FAILURE.test(line);
  const extra = inferFromWords(lines, text, { ...words, only });
  return withCommands(extra.length ? byLine(drafts, extra) : drafts, lines, false);
}

/**
 * Webhook or API JSON: each recipient's record read on its own, its failures credited to it. A
 * complaint event is not a failure: its recipient is reported as a complainer instead.
 */
function readJson(text: string, k: PreparedKnowledge, message?: Message, options: AnalyzeOptions = {}) {
  const records = message?.email || options.log ? undefined : jsonRecords(text);
  if (!records) return undefined;
  const drafts = records
    .filter((r) => !r.complaint)
    .flatMap((r) => read(r.text, k).map((d): Draft => ({ ...d, recipient: r.recipient, line: r.line })));
  return { drafts, feedback: complaintsOf(records) };
}

/** The complaint records' recipients, as one feedback report. */
function complaintsOf(records: JsonRecord[]): Feedback | undefined {
  const complaints = records.filter((r) => r.complaint);
  if (!complaints.length) return undefined;
  return { type: complaints[0].complaint!, recipients: [...new Set(complaints.map((r) => r.recipient))] };
}

/** A complaint an ESP sent as an email (an SNS email subscription's SES "Complaint" notification). */
function emailedComplaint(message: Message): Feedback | undefined {
  const json = jsonInEmail(message.text);
  const records = json && jsonRecords(json);
  return records ? complaintsOf(records) : undefined;
}

const DSN_START =
  /^(?:final-recipient\s*:|action\s*:\s*(?:failed|delayed|delivered|relayed|expanded|deliverable|error))/i;

function analyzeText(
  text: string,
  k: PreparedKnowledge,
  truncated: boolean,
  message?: Message,
  options: AnalyzeOptions = {},
): Analysis {
  // A challenge-response request holds the message until the sender confirms: nothing failed.
  if (!options.log && CHALLENGE.test(text.length > 200_000 ? text.slice(0, 200_000) : text))
    return { findings: [], truncated, original: message?.original, challenge: true };
  // A feedback report (a spam complaint, an authentication failure report) is not a bounce.
  const feedback = message?.feedback ?? (message?.email ? emailedComplaint(message) : undefined);
  if (feedback) return { findings: [], truncated, original: message?.original, feedback };
  const failed = message?.failedRecipients ?? [];
  const json = readJson(text, k, message, options);
  let drafts = (json?.drafts ?? read(text, k, message, options)).slice(0, MAX_FINDINGS);
  if (!drafts.length && failed.length) drafts = fromFailedRecipients(failed.slice(0, MAX_FINDINGS), text, k.reasons);
  // X-Failed-Recipients names the recipients a notice's words may leave out.
  const listed = new Set(failed.map((a) => a.toLowerCase()));
  drafts.forEach((d, i) => {
    if (failed.length && (!d.recipient || !listed.has(d.recipient.toLowerCase())))
      d.recipient = failed[Math.min(i, failed.length - 1)];
  });
  drafts = dedupe(drafts);
  if (message?.email) drafts = onePerRecipient(drafts);
  // A log's lines say for themselves whether the message was returned; a notice says it once for all.
  // A notice that returns the message (its original set apart) has finished with it.
  const notice = !options.log && drafts.length > 0 ? noticeState(text, !!message?.original) : undefined;
  for (const d of drafts) d.gaveUp = gaveUp(d, notice);
  const findings = drafts.map((d) => finish(d, k));
  return { findings, truncated, original: message?.original, ...(json?.feedback && { feedback: json.feedback }) };
}

/**
 * Text as it was pasted (a reply, a log, webhook JSON, or an email's text). Synchronous; an email
 * is read line by line without MIME decoding: prefer analyzeEmail for whole emails.
 */
export interface AnalyzeOptions {
  /**
   * The text is a piece of a mail log (the command line streams logs in pieces): code-less
   * failures are read from log failure lines only, whatever else the piece holds, so a line's
   * findings never depend on where the pieces were cut.
   */
  log?: boolean;
}

export function analyze(input: string, k: PreparedKnowledge, options: AnalyzeOptions = {}): Analysis {
  const truncated = input.length > MAX_INPUT;
  const cut = truncated ? input.slice(0, MAX_INPUT) : input;
  // A log streamed in pieces is read line by line, whatever a piece starts with.
  const text = options.log ? decodeQuotedPrintable(cut) : asPasted(cut);
  return analyzeText(text, k, truncated, undefined, options);
}

/**
 * The entry point for anything pasted or uploaded, text or bytes: a whole email is decoded first
 * (MIME parts, transfer encodings, charsets), its returned original set apart; other text is read
 * as analyze() reads it.
 */
export async function analyzeEmail(input: string | Uint8Array, k: PreparedKnowledge): Promise<Analysis> {
  const truncated = input.length > MAX_INPUT;
  const cut = truncated ? input.slice(0, MAX_INPUT) : input;
  const message = await readMessage(cut).catch((): Message | undefined => undefined);
  if (!message?.email) {
    // Bytes that are not UTF-8 are read byte for byte (Latin-1), as the command line reads a log.
    const text = typeof cut === 'string' ? cut : decodeBytes(cut);
    return analyzeText(asPasted(text), k, truncated);
  }
  return analyzeText(plainTypography(message.text), k, truncated, message);
}
