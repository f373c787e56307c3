/**
 * Reader for RFC 3464 delivery status notifications: one draft per failed or delayed recipient.
 * Each recipient's fields form one block (blocks are separated by a blank line, fields come in any
 * order, long fields are folded onto indented lines); a second Final-Recipient also starts a block.
 */
import { ANY_ENHANCED, DSN_FIELD, REPLY_AFTER, REPLY_START } from '../patterns.ts';
import { ruleOf } from '../rules.ts';
import { findAddress } from './address.ts';
import { MAX_TEXT, type Draft } from '../types.ts';
import { parseReplies } from './replies.ts';

type Block = Draft & { status?: string; final?: string; original?: string; statusNote?: string; x400?: string };

/** Strip the type prefix of a DSN field value ("rfc822; a@b", "smtp; 550 …", "dns; mx.example"). */
const fieldValue = (v: string) => v.replace(/^\s*[a-z0-9-]+\s*;\s*/i, '').trim();
const cut = (line: string) => (line.length > MAX_TEXT * 4 ? line.slice(0, MAX_TEXT * 4) : line);

/** Actions that are a failure: RFC 3464's failed and delayed, and "error"/"expired" some servers send. */
const FAILED_ACTION = /^(?:failed|delayed|error|expired|undeliverable|failure|bounced?)\b/;

/**
 * An address a person can use: X.400 and internal routing addresses are not (Sun/Oracle Messaging
 * Server's "…@sims-ms-daemon" and "@host:user@ims_daemon", a source route, RFC 5321 appendix C).
 */
const usable = (a: string | undefined) =>
  !!a && a.includes('@') && !/@sims-ms-daemon$|@ims[_-]daemon$|^@[^:]*:|^\/|=[^=/]*\//i.test(a);

function setField(b: Block, field: string, value: string) {
  if (field === 'final-recipient') b.final = findAddress(value)?.address ?? fieldValue(value);
  else if (field === 'original-recipient') b.original = findAddress(value)?.address ?? fieldValue(value);
  else if (field === 'action') b.action = value.trim().toLowerCase();
  else if (field === 'status') {
    b.status = ANY_ENHANCED.exec(value)?.[1];
    b.statusNote = statusNote(value);
    // Some servers put the reply itself in Status ("Status: 553 Exceeded maximum inbound message size").
    const reply = b.status ? undefined : /^\s*([45][0-9]{2})\s+(\S.*)/.exec(value);
    if (reply) [b.reply, b.statusNote] = [reply[1], reply[2].trim()];
  } else if (field === 'remote-mta') b.remoteMta = fieldValue(value);
  else if (field === 'diagnostic-code') {
    b.diagnosticType = /^\s*([a-z0-9-]+)\s*;/i.exec(value)?.[1].toLowerCase();
    b.text = fieldValue(value);
  } else if (field === 'x400-supplementary-info') b.x400 = value.trim().replace(/^"|"$/g, '');
}

/**
 * Some servers say why in a comment after the Status code ("Status: 4.0.0 (cat.example.net: host
 * name lookup failure)"); a comment that only repeats the class ("permanent failure") says nothing.
 */
export function statusNote(value: string): string | undefined {
  const note = /\(([^()]{3,300})\)/.exec(value)?.[1].trim();
  if (!note || /^(?:(?:permanent|persistent|temporary|transient)\s+(?:failure|error)|failed|delayed|\w+)$/i.test(note))
    return undefined;
  return note;
}

/**
 * A diagnostic that ends with the last reply the remote server gave, in angle brackets (Amazon SES
 * and WorkMail: "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection
 * timed out>"): that reply and its code are what failed; the outer code only says delivery ended.
 */
export function quotedLastReply(text: string): { reply: string; enhanced: string } | undefined {
  const m = /<([45][0-9]{2}) ([45]\.[0-9]{1,3}\.[0-9]{1,3})\b[^<>]*>\s*$/.exec(text);
  return m && m[1][0] === m[2][0] ? { reply: m[1], enhanced: m[2] } : undefined;
}

/**
 * The line of the notice that names this recipient and says what happened to it ("neko@nyaan.jp:
 * No MX found for domain", "<a@b>... Deferred: Name server: b.: host name lookup failure"), for a
 * report block that gives no diagnostic of its own. A line with the address alone says nothing.
 */
export function lineNaming(human: string[], recipient: string | undefined): string | undefined {
  if (!recipient) return undefined;
  const address = recipient.toLowerCase();
  for (const raw of human) {
    const line = cut(raw);
    const at = line.toLowerCase().indexOf(address);
    if (at < 0 || /^[A-Za-z-]+:\s/.test(line)) continue;
    const rest = `${line.slice(0, at)} ${line.slice(at + address.length)}`;
    if ((rest.match(/[A-Za-z]{2,}/g) ?? []).length >= 2) return line.trim();
  }
  return undefined;
}

/** The per-recipient blocks, with folded fields unfolded. */
function readBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let cur: Block | undefined;
  let last: { field: string; value: string } | undefined;
  const flush = () => {
    if (cur && last) setField(cur, last.field, last.value);
    last = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = cut(lines[i]);
    if (!line.trim()) {
      flush();
      cur = undefined;
      continue;
    }
    if (last && /^[ \t]/.test(line)) {
      // Unfolded with one space, whatever white space the fold left at either end.
      last.value = `${last.value.trimEnd()} ${line.trim()}`;
      continue;
    }
    flush();
    const m = DSN_FIELD.exec(line);
    if (!m) continue;
    const field = m[1].toLowerCase();
    if (!cur || (field === 'final-recipient' && cur.final)) {
      cur = { text: '', line: i + 1, shape: 'dsn' };
      blocks.push(cur);
    }
    last = { field, value: line.slice(m[0].length) };
  }
  flush();
  return blocks;
}

/**
 * Which of the Status field and the code in the diagnostic text to keep. The reporting server
 * writes Status; the diagnostic quotes the remote server. The more specific wins: a generic Status
 * (X.0.0, X.Y.0) or one that only says how delivery ended (4.4.7 expired, 5.3.x system, X.5.x
 * protocol) yields to the remote's own code; where the classes differ, the reply code's class
 * decides. The order of these checks follows sisimai's smtp/status/prefer.go (BSD-2-Clause).
 */
export function preferredStatus(status?: string, inText?: string, reply?: string): string | undefined {
  if (!status || !inText) return status ?? inText;
  if (reply && status[0] !== inText[0]) {
    if (reply[0] === status[0]) return status;
    if (reply[0] === inText[0]) return inText;
  }
  if (status === inText) return status;
  const generic = (c: string) => /\.0\.0$/.test(c);
  const zero = (c: string) => /\.0(?:\.|$)/.test(c); // X.0.Z or X.Y.0
  if (generic(status)) return generic(inText) ? status : inText;
  if (zero(status) && !zero(inText)) return inText;
  if (generic(inText)) return status;
  if (status === '4.4.7' || status === '4.7.0' || /^5\.3\.|^\d\.5\.[1245]$/.test(status)) return inText;
  if (status === '5.1.1') return zero(inText) || inText.startsWith('5.5.') ? status : inText;
  if (status === '5.1.3' && inText.startsWith('5.7.')) return inText;
  return status;
}

const enhancedOf = (b: Block) => preferredStatus(b.status, ANY_ENHANCED.exec(b.text)?.[1], b.reply);

function recipientOf(b: Block): Pick<Draft, 'recipient' | 'originalRecipient'> {
  const recipient = usable(b.final) ? b.final : usable(b.original) ? b.original : (b.final ?? b.original);
  const original = b.original && b.original.toLowerCase() !== recipient?.toLowerCase() ? b.original : undefined;
  return { recipient, originalRecipient: original };
}

/** The notice's part before the report: its replies, its line a rule knows, and its words as context. */
function humanPart(lines: string[], senders: ReadonlySet<string>) {
  // The human-readable part before the report often says in words what a bare Status: 5.0.0 does not.
  const firstField = lines.findIndex((l) => DSN_FIELD.test(cut(l)));
  const human = firstField > 0 ? lines.slice(0, firstField) : [];
  return {
    human,
    replies: parseReplies(human, senders),
    ruleLine: human.find((l) => !/^[A-Za-z-]+:\s/.test(l) && !!ruleOf(cut(l))),
    // The notice's words, for a reason the report's own fields leave open (Exim's "pipe to |…", Gmail's
    // "the address couldn't be found" above a bare Status: 5.0.0). Header lines are not the notice.
    context: human
      .filter((l) => l.trim() && !/^[A-Za-z-]+:\s/.test(l))
      .join(' ')
      .slice(0, MAX_TEXT),
  };
}

/** A Diagnostic-Code's text with a greeting line and the repeated prefixes of a folded reply taken out. */
function cleanDiagnostic(text: string): string {
  // A diagnostic that opens with the greeting's "220-" line (La Poste: "220-laposte 421 4.2.1 Service
  // refuse") holds the refusal after it: the greeting is not the reply.
  const clean = text.replace(/^(\s*(?:smtp;\s*)?)2[0-9]{2}-\S*\s+(?=[45][0-9]{2}[ -])/i, '$1');
  // A folded multi-line reply repeats its "550-5.1.1" prefix: keep the first, drop the rest. The
  // first is the text's start, or else the first one inside it ("… said: 554 5.6.0 This message").
  let keep = !REPLY_START.test(clean);
  const folded = clean.replace(
    /(?<=\S)\s+[2-5][0-9]{2}(?:-(?:[245]\.[0-9]{1,3}\.[0-9]{1,3}\s)?| [245]\.[0-9]{1,3}\.[0-9]{1,3}\s)/g,
    (m) => (keep ? ((keep = false), m) : ' '),
  );
  return folded.length > MAX_TEXT ? folded.slice(0, MAX_TEXT) : folded;
}

export function parseDsn(lines: string[], senders: ReadonlySet<string> = new Set()): Draft[] {
  const out: Draft[] = [];
  const { human, replies, ruleLine, context } = humanPart(lines, senders);
  // The per-message block (Reporting-MTA …) has none of these fields: it is not a recipient.
  const blocks = readBlocks(lines).filter((b) => b.status || b.text || b.action);
  for (const b of blocks) {
    if (b.action && !FAILED_ACTION.test(b.action)) continue; // delivered, relayed, expanded: not failures
    Object.assign(b, recipientOf(b));
    // An X.400 gateway's diagnostic is its own ("Reason 1 (Unable-To-Transfer)"); the SMTP error it
    // was given, with its specific code, is in X400-Supplementary-Info.
    if (b.x400 && b.diagnosticType !== 'smtp') b.text = [b.text, b.x400].filter(Boolean).join(' ');
    const ownReply = replies.find((r) => r.recipient && r.recipient === b.recipient);
    if (!b.text && !ownReply && b.statusNote) b.text = b.statusNote;
    const humanReply = ownReply ?? replies[0];
    if (!b.text && humanReply) {
      b.text = humanReply.text;
      b.reply = humanReply.reply;
      b.command = humanReply.command;
    }
    b.text = cleanDiagnostic(b.text);
    const last = quotedLastReply(b.text);
    if (last) b.reply ??= last.reply;
    b.reply ??= REPLY_START.exec(b.text)?.[1] ?? REPLY_AFTER.exec(b.text)?.[1];
    // A local delivery's diagnostic ("X-Unix; 77") has no reply; the transcript above gives the one
    // the server sent for this recipient.
    const own = ownReply ?? (replies.length === 1 && blocks.length === 1 ? replies[0] : undefined);
    if (!b.reply && own?.reply && (!b.status || own.reply[0] === b.status[0])) b.reply = own.reply;
    b.enhanced = last && b.reply === last.reply ? last.enhanced : enhancedOf(b);
    if (!b.text)
      b.text = lineNaming(human, b.recipient) ?? (ruleLine?.trim() || [b.action, b.status].filter(Boolean).join(' '));
    if (context) b.context = context;
    if (!b.enhanced && !b.reply) {
      const rule = ruleOf(b.text);
      if (!rule) continue;
      b.enhanced = rule.code;
      b.inferred = true;
    }
    out.push(b);
  }
  return out;
}
