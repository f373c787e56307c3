/**
 * Reader for failures told in words only (no code): the code is inferred from the words, by the
 * word rules (English) or, failing them, by the reason phrases (many languages).
 */
import { BOUNCE_MARKERS, DELAYED_TO, FAILED_TO, HEADER_FIELD, PERMANENT } from '../patterns.ts';
import { reasonFromWords } from '../reason.ts';
import { ruleOf } from '../rules.ts';
import { MAX_FINDINGS, MAX_TEXT, type Draft, type ReasonData } from '../types.ts';
import { LIST_ITEM, namesNextRecipient, postfixBlockOf, recipientIn } from './address.ts';

export interface WordsOptions {
  /** Only these lines (a log's failure lines that have no code). */
  only?: (line: string, index: number) => boolean;
  /** The headers say it is a notice from a mail system. */
  bounce?: boolean;
  senders?: ReadonlySet<string>;
  reasons?: ReasonData;
}

/** The code a reason stands for when the words give no code: [temporary, permanent]. */
export const REASON_CODE: Record<string, [string, string]> = {
  userunknown: ['5.1.1', '5.1.1'],
  hostunknown: ['5.1.2', '5.1.2'],
  mailboxfull: ['4.2.2', '5.2.2'],
  suspend: ['5.2.1', '5.2.1'],
  mesgtoobig: ['5.3.4', '5.3.4'],
  exceedlimit: ['5.2.3', '5.2.3'],
  expired: ['4.4.7', '4.4.7'],
  networkerror: ['4.4.1', '4.4.1'],
  norelaying: ['5.7.1', '5.7.1'],
  spamdetected: ['5.7.1', '5.7.1'],
  blocked: ['5.7.1', '5.7.1'],
  rejected: ['5.7.1', '5.7.1'],
  notaccept: ['5.1.10', '5.1.10'],
  // A sending service's own suppression list (SendGrid's dropped "Unsubscribed Address"): no
  // code says it, so the vague 5.0.0 SendGrid gives such an event, and the words decide.
  suppressed: ['5.0.0', '5.0.0'],
  // A local delivery program that failed (Postfix "Command died with status 17"): Postfix reports 5.3.0.
  mailererror: ['4.3.0', '5.3.0'],
};

/** Where the body starts: an email's own header block (trace, authentication) is never the failure. */
function bodyStart(lines: string[]): number {
  if (!/^[A-Za-z][A-Za-z0-9-]*:\s/.test(lines[0] ?? '') || lines.length <= 5) return 0;
  return Math.max(
    0,
    lines.findIndex((l) => !l.trim()),
  );
}

/**
 * The line with the indented lines that wrap it ("Connection timed\n    out"), cut to MAX_TEXT, and
 * the last line read. A Postfix recipient block's lines wrap it indented or not, to its blank line.
 */
function joined(lines: string[], i: number): [string, number] {
  let line = lines[i].length > MAX_TEXT ? lines[i].slice(0, MAX_TEXT) : lines[i];
  const block = postfixBlockOf(line);
  const wraps = (next: string) =>
    block !== undefined ? /\S/.test(next) && !namesNextRecipient(next, block) : /^[ \t]+\S/.test(next);
  let j = i + 1;
  for (; j < lines.length && j <= i + 3 && wraps(lines[j]) && line.length < MAX_TEXT; j++)
    line += ` ${lines[j].trim()}`;
  return [line, j - 1];
}

/**
 * Code-less failures, one per line that says what went wrong. The reason phrases are a second
 * pass, for notices the word rules do not know (other languages, rarer wording).
 */
export function inferFromWords(lines: string[], text: string, o: WordsOptions = {}): Draft[] {
  if (o.only) return inferLines(lines, text, o); // a log: every failure line counts
  // Only bounce-looking text gets codes inferred from its words; an ordinary email that says "spam" is not a bounce.
  // A sentence that says delivery to someone failed is a notice's own (the text a mail client shows
  // of Domino's "was not delivered to:", pasted without the header that said who sent it).
  const head = text.slice(0, 20_000);
  if (!o.bounce && lines.length > 5 && !BOUNCE_MARKERS.test(head) && !FAILED_TO.test(head)) return [];
  // A line quoted as in a reply ("> …") under the notice's own words is the returned message
  // (">>> DATA" is a transcript); a notice pasted all quoted (from a forum) is read as it is.
  const skipQuoted = lines.some((l) => l.trim() && !QUOTED.test(l));
  const byRules = inferLines(lines, text, { ...o, reasons: undefined }, skipQuoted);
  const drafts = onePerRecipient(byRules.length || !o.reasons ? byRules : inferLines(lines, text, o, skipQuoted));
  if (drafts.some((d) => d.recipient)) return drafts;
  return withListed(drafts, listedRecipients(lines, o.senders ?? new Set(), skipQuoted));
}

/** A sentence that says delivery failed (FAILED_TO), and the recipients it names. */
interface Listed {
  line: number;
  text: string;
  delayed: boolean;
  recipients: string[];
}

/** The address first, then the failure (PowerMTA: "<a@b.example> delivery failed; will not continue trying"). */
const ADDRESS_FAILED = /^[ \t]{0,8}<?[^\s<>@]{1,64}@[^\s<>@:;]{1,253}>?:?[ \t]{1,8}delivery (?:has )?failed\b/i;
/** A line quoted the way a reply quotes a message: one ">" (">>>" and "<<<" are a transcript's). */
const QUOTED = /^[ \t]{0,4}>(?!>)/;
/** Blank, or only quoted-printable's encoded blanks left by a notice that was never decoded. */
const BLANK = /^(?:\s|=09|=20)*$/;

/**
 * Failure sentences that give no reason and the recipients each names: after it on its line, or
 * listed one per line below it (blank lines between are skipped; the list ends at other text).
 */
export function listedRecipients(lines: string[], senders: ReadonlySet<string>, skipQuoted = true): Listed[] {
  const out: Listed[] = [];
  for (let i = bodyStart(lines); i < lines.length && out.length < MAX_FINDINGS; i++) {
    const line = lines[i].length > MAX_TEXT ? lines[i].slice(0, MAX_TEXT) : lines[i];
    const m = FAILED_TO.exec(line);
    const first = m ? undefined : ADDRESS_FAILED.exec(line);
    if ((!m && !first) || HEADER_FIELD.test(line) || (skipQuoted && QUOTED.test(line))) continue;
    const recipients: string[] = [];
    const after = recipientIn(m ? line.slice(m.index + m[0].length) : line, senders);
    if (after) recipients.push(after);
    else
      for (let j = i + 1, blanks = 0; j < lines.length && j <= i + 40; j++) {
        // Up to three blank lines before the list; one between its items (Sina's list has a blank
        // line after each address), never two in a row once it has begun.
        if (BLANK.test(lines[j])) {
          if (++blanks > (recipients.length ? 1 : 3)) break;
          continue;
        }
        if (lines[j].length > 330 || !LIST_ITEM.test(lines[j])) break;
        blanks = 0;
        const r = recipientIn(lines[j], senders);
        if (r) recipients.push(r);
      }
    if (recipients.length) out.push({ line: i + 1, text: line.trim(), delayed: DELAYED_TO.test(line), recipients });
  }
  return out;
}

/**
 * Recipients a notice lists under a failure sentence: they name the failure the words told without
 * an address ("… not reachable within the allowed queue period" above "The following recipients
 * did not receive your message: <a@b>"), or, when no words say why, are each a failure of their own
 * with no reason given (5.0.0; 4.0.0 when the sentence says delayed).
 */
function withListed(drafts: Draft[], listed: Listed[]): Draft[] {
  if (!listed.length) return drafts;
  const each = listed.flatMap((l) =>
    l.recipients.map((recipient): Draft =>
      drafts.length
        ? { ...drafts[0], recipient }
        : {
            enhanced: l.delayed ? '4.0.0' : '5.0.0',
            inferred: true,
            text: l.text,
            line: l.line,
            shape: 'text',
            recipient,
          },
    ),
  );
  return onePerRecipient(each).slice(0, MAX_FINDINGS);
}

/**
 * A notice tells one recipient's failure in several sentences ("… could not be delivered", "…
 * retry timeout exceeded"): one finding per recipient, and none without a recipient when another
 * names one.
 */
function onePerRecipient(drafts: Draft[]): Draft[] {
  const named = drafts.some((d) => d.recipient);
  const seen = new Set<string>();
  return drafts.filter((d) => {
    if (named && !d.recipient) return false;
    const key = d.recipient?.toLowerCase() ?? '';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The address on the line right after a reason, when that line holds nothing else: Lotus Notes
 * lists the reason first and the recipient under it ("------- Failure Reasons --------"), and so
 * do some German hosts ("reject reason: Mailbox full" / "target mail address: a@b.example").
 */
export function addressBelow(lines: string[], i: number, senders: ReadonlySet<string>): string | undefined {
  const next = lines[i + 1]?.trim() ?? '';
  // The address alone, or after a short label ("target mail address: a@b.example").
  if (next.length > 300 || !/^(?:[A-Za-z][A-Za-z -]{0,30}:\s*)?<?[^\s<>@:]+@[^\s<>@]+>?$/.test(next)) return undefined;
  return recipientIn(next, senders);
}

/** Exim's log names the failed address after "** " even when it is not a full domain (a@localhost). */
export function eximLogRecipient(line: string): string | undefined {
  return /\*\* <?([^\s<>:@]{1,64}@[^\s<>:@]{1,253})/.exec(line.slice(0, MAX_TEXT))?.[1];
}

function inferLines(lines: string[], text: string, o: WordsOptions, skipQuoted = false): Draft[] {
  const out: Draft[] = [];
  const senders = o.senders ?? new Set<string>();
  let lastAddress: string | undefined;
  // Whether the notice calls itself permanent: read once, not once per line (1 MB logs).
  let permanent: boolean | undefined;
  // The last line a finding's text took in: its wrapped lines are not failures of their own.
  let readTo = -1;
  for (let i = bodyStart(lines); i < lines.length && out.length < MAX_FINDINGS; i++) {
    if (o.only && !o.only(lines[i], i)) continue;
    if (i <= readTo || HEADER_FIELD.test(lines[i]) || (skipQuoted && QUOTED.test(lines[i]))) continue;
    const here = recipientIn(lines[i].slice(0, MAX_TEXT), senders) ?? (o.only ? eximLogRecipient(lines[i]) : undefined);
    const [line, last] = joined(lines, i);
    const rule = ruleOf(line);
    const reason = rule || o.only || !o.reasons ? undefined : reasonFromWords(line, o.reasons);
    // A notice names the recipient on its own line just before the reason (Exchange, Gmail, qmail).
    if (!rule && !(reason && REASON_CODE[reason])) {
      if (!o.only) lastAddress = here ?? lastAddress;
      continue;
    }
    // Only a full mailbox reads either way; the notice says which.
    permanent ??= PERMANENT.test(text);
    const code = rule
      ? rule.permanent && permanent
        ? rule.permanent
        : rule.code
      : REASON_CODE[reason!][permanent ? 1 : 0];
    // The address may be on a wrapped line the text took in ("…follow:\n  a@b.example ... unknown host").
    const wrapped = last > i ? recipientIn(line, senders) : undefined;
    const recipient = here ?? wrapped ?? (o.only ? undefined : (addressBelow(lines, i, senders) ?? lastAddress));
    out.push({ enhanced: code, inferred: true, text: line.trim(), line: i + 1, shape: 'text', recipient });
    readTo = last;
    if (!o.only) lastAddress = recipient;
  }
  return out;
}
