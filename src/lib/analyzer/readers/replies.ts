/** Reader for SMTP replies anywhere in the text (lines, wrapped and multi-line replies, logs, JSON). */
import {
  ANY_ENHANCED,
  ENHANCED_AT,
  ENHANCED_FIELD,
  FAILURE_WORDS,
  INNER_CODES,
  LEAD_ENHANCED,
  REPLY_AFTER,
  REPLY_ENHANCED,
  REPLY_START,
  remoteHostIn,
} from '../patterns.ts';
import { namesNextRecipient, postfixBlockOf, recipientIn } from './address.ts';
import { MAX_FINDINGS, MAX_TEXT, type Draft } from '../types.ts';

const HAS_CODE = /[2-5][0-9]{2}/;

/** Reply lines anywhere in the text: one draft per reply, continuation lines (550-…) joined. */
/**
 * Where a line's reply starts: at the line start, before an enhanced code, or after an introducer.
 * `start` is where its text begins (after the code and its separator).
 */
function replyIn(line: string): { m: RegExpExecArray; start: number } | undefined {
  // Every reply pattern needs a three-digit code: a line without one skips all three.
  if (!HAS_CODE.test(line)) return undefined;
  const m = REPLY_START.exec(line) ?? REPLY_ENHANCED.exec(line) ?? REPLY_AFTER.exec(line);
  if (!m) return undefined;
  return { m, start: m.index + m[0].lastIndexOf(m[1], m[0].length - m[2].length) + m[1].length + (m[2] ? 1 : 0) };
}

/** A line of a multi-line reply after its first: the words, without its repeated codes. */
export const continuation = (line: string) =>
  line
    .replace(INNER_CODES, ' ')
    .replace(/^[\s>'"]+/, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * More of the open reply's words: a wrapped line (`wrapped`: indented, or further down a Postfix
 * block; or going on after a line that stopped mid-sentence or at a colon), or a wrapped sentence
 * that quotes the next hop's reply inside it
 * ("… undeliverable" / "    address: host … said: 550 …"), which is still one failure.
 */
function wrapsOn(
  open: Draft,
  line: string,
  found: ReturnType<typeof replyIn>,
  multi: boolean,
  wrapped: boolean,
): boolean {
  if (found) return !multi && found.m.index > 0 && wrapped && /^[ \t]*[a-z]/.test(line) && /[a-z,]$/.test(open.text);
  if (wrapped && /\S/.test(line)) return true;
  // Going on in lower case after a line that stopped mid-sentence, or after a colon that introduces
  // the rest (Exim's "host mx [ip]: 550 <a@b>:" / "Recipient address rejected: …" once a copy lost
  // the indentation).
  return (
    (/^[a-z]/.test(line) && !/[.)\]>!?]\s*$/.test(open.text)) || (/^[A-Za-z]/.test(line) && /:\s*$/.test(open.text))
  );
}

/**
 * The enhanced code a wrapped line adds, in the reply's class: opening the line when the reply code
 * ended the one before (Postfix wraps at 80 columns: "said: 550" / "    5.1.1 <a@b>: …"), or qmail's
 * last "(#5.1.1)" ("511 sorry, no mailbox here by that name (#5.1.1 - chkuser)").
 */
const QMAIL_CODE = /\(#([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9.])/;
function wrappedCode(reply: string, text: string, line: string): string | undefined {
  const code = (text.endsWith(` ${reply}`) ? ENHANCED_AT.exec(line)?.[1] : undefined) ?? QMAIL_CODE.exec(line)?.[1];
  return code?.[0] === reply[0] ? code : undefined;
}

/** A line with an enhanced code but no reply code ("Status: 5.1.1", "5.1.1 … unknown"), as a draft. */
function enhancedOnly(line: string, i: number, recipient: string | undefined): Draft | undefined {
  const lead = LEAD_ENHANCED.exec(line);
  const field = ENHANCED_FIELD.exec(line) ?? (lead && FAILURE_WORDS.test(line) ? lead : null);
  if (!field) return undefined;
  return { enhanced: field[1], text: line.trim(), line: i + 1, shape: 'reply', recipient };
}

export function parseReplies(lines: string[], senders: ReadonlySet<string> = new Set()): Draft[] {
  const out: Draft[] = [];
  let open: Draft | undefined; // the last reply, which may go on in wrapped or 550- lines
  let multi = false; // the open reply ended its line with "550-": more lines of it follow
  let lastAddress: string | undefined;
  let block: string | undefined; // inside a Postfix recipient block (POSTFIX_BLOCK): its address
  for (let i = 0; i < lines.length && out.length < MAX_FINDINGS; i++) {
    const line = lines[i].length > MAX_TEXT * 4 ? lines[i].slice(0, MAX_TEXT * 4) : lines[i];
    const address = postfixBlockOf(line);
    // The block's own address again is its reply wrapped (namesNextRecipient), not a new block.
    const opens = address !== undefined && address !== block;
    if (opens) block = address;
    else if (!line.trim()) block = undefined;
    // A wrapped line: indented, or further down a Postfix block (a copy may have lost the indentation).
    const wrapped = (block !== undefined && !opens) || /^[ \t]/.test(line);
    const found = replyIn(line);
    // A line naming the next recipient ends the open reply, however unfinished it looks.
    if (open && (opens || namesNextRecipient(line, block))) open = undefined;
    // Some notices put a blank line between the lines of one multi-line reply ("550-…", "", "550 …").
    if (open && multi && !line.trim()) continue;
    if (found && open && multi && open.reply === found.m[1]) {
      // Continuation of a multi-line reply ("550-5.1.1 …" then "550 5.1.1 …"), also when a wrapping
      // MTA put the codes in mid-line ("Please try 550-5.1.1"): keep the words, drop the repeated codes.
      open.enhanced ??= ANY_ENHANCED.exec(line)?.[1];
      open.text += ` ${continuation(line)}`;
      multi = found.m[2] === '-' || INNER_CODES.test(line.slice(-12));
      // The last line closes it, unless it is wrapped itself: Postfix goes on with "(in reply to …".
      if (!multi && !wrapped) open = undefined;
      continue;
    }
    if (open && wrapsOn(open, line, found, multi, wrapped)) {
      if (!open.enhanced && open.reply) open.enhanced = wrappedCode(open.reply, open.text, line);
      open.text += ` ${line.trim()}`;
      continue;
    }
    open = undefined;
    // The line's address, or the last one named above it (a notice that names, then quotes the reply).
    const recipient = recipientIn(line, senders, lastAddress) ?? lastAddress;
    if (found) {
      const enhanced = ENHANCED_AT.exec(line.slice(found.start))?.[1] ?? ENHANCED_FIELD.exec(line)?.[1];
      open = { reply: found.m[1], enhanced, text: line.trim(), line: i + 1, shape: 'reply', recipient };
      // Postfix wraps "<a@b>: host mx[ip] said:" before the reply: the host is on the line above.
      if (i > 0 && wrapped) open.remoteMta = remoteHostIn(lines[i - 1]);
      out.push(open);
      multi = found.m[2] === '-';
      continue;
    }
    const draft = enhancedOnly(line, i, recipient);
    if (draft) out.push(draft);
    else lastAddress = recipient;
  }
  return out;
}
