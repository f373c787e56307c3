/**
 * Reader for a pasted SMTP session: the client's commands and the server's replies, as telnet,
 * swaks (-> <- <**), Sendmail (>>> <<<), RFC 5321's examples (C: S:) or Python's smtplib
 * (send: reply:) print them. Only the replies that failed count, each with the command it
 * answered and the recipient that command named; the 250s and 354s that carried the session along
 * are not findings, and the message's own lines (between 354 and ".") are never read. A reply
 * that only follows from an earlier failure ("503 need RCPT" after a refused recipient) is left out.
 */
import { ENHANCED_AT } from '../patterns.ts';
import { findAddress } from './address.ts';
import { MAX_FINDINGS, MAX_TEXT, type Draft } from '../types.ts';
import { nameOf } from './command.ts';
import { continuation } from './replies.ts';

/** What a tool prints before a line (its direction), and the quote Python puts around it. */
const PREFIX =
  /^[ \t]*(>>>|<<<|<\*\*|<~\*|[-~]>|<[-~]|[<>]|[CSR]:|(?:client|server)[ \t]*:|send:|reply:|recv:)?[ \t]*(?:b?['"])?/i;
/** Python's repr of the line end ("…\r\n'"). */
const REPR_END = /(?:\\r)?(?:\\n)?['"]?$/;
/** A command with its argument (MAIL FROM:<…>), or one that takes none and stands alone. */
const VERB =
  /^(?:(ehlo|helo|lhlo|mail[ \t]+from|rcpt[ \t]+to|bdat|auth|vrfy|expn)(?![a-z])|(data|rset|quit|starttls|noop)[ \t]*$)/i;
const REPLY = /^([2-5][0-9]{2})(?:([ -])|$)/;

/** A line's part in the session; `marked`: it came with a direction prefix (">>>", "<-", "C:"). */
type Line =
  | ({ marked: boolean } & (
      | { kind: 'command'; verb: string; arg: string }
      | { kind: 'end' }
      | { kind: 'reply'; code: string; more: boolean; text: string }
    ))
  | undefined;

/** What one line of a session is: a command, the end of the message ("."), a reply line, or other. */
function lineOf(raw: string): Line {
  const line = raw.length > MAX_TEXT ? raw.slice(0, MAX_TEXT) : raw;
  const prefix = PREFIX.exec(line)!;
  const marked = prefix[1] !== undefined;
  const content = line.slice(prefix[0].length).replace(REPR_END, '').trimEnd();
  if (content === '.') return { marked, kind: 'end' };
  const verb = VERB.exec(content);
  if (verb) {
    const word = (verb[1] ?? verb[2]).replace(/[ \t]+/, ' ');
    return { marked, kind: 'command', verb: nameOf(word), arg: content.slice(verb[0].length) };
  }
  const reply = REPLY.exec(content);
  return reply ? { marked, kind: 'reply', code: reply[1], more: reply[2] === '-', text: content } : undefined;
}

/** Sendmail's own notice quotes its session; its reader (and the summary lines under it) speak for it. */
const SENDMAIL_NOTICE = /transcript of session follows|while talking to /i;

/**
 * A session, not a notice or a log that quotes one command: commands of at least two kinds
 * (EHLO, MAIL, RCPT, DATA) each on its own line, and replies. Returns whether the session's lines
 * carry direction prefixes (a line without, between them, is someone's note, not the session).
 */
export function smtpSessionStyle(lines: string[]): { marked: boolean } | undefined {
  const verbs = new Set<string>();
  let style: { marked: boolean } | undefined;
  let replies = 0;
  for (const raw of lines.slice(0, 2000)) {
    if (SENDMAIL_NOTICE.test(raw)) return undefined;
    const l = lineOf(raw);
    if (!l || (style && l.marked !== style.marked)) continue;
    if (l.kind === 'command' && SESSION_VERBS.has(l.verb)) {
      style ??= { marked: l.marked };
      verbs.add(l.verb);
    }
    if (l.kind === 'reply' && style) replies++;
    if (verbs.size >= 2 && replies > 0) return style;
  }
  return undefined;
}
const SESSION_VERBS = new Set(['EHLO', 'HELO', 'LHLO', 'MAIL', 'RCPT', 'DATA']);

interface Transaction {
  /** Recipients the server accepted, and whether any was refused or the sender was. */
  accepted: string[];
  failed: boolean;
}

export function parseSmtpSession(lines: string[], style: { marked: boolean }): Draft[] {
  const out: Draft[] = [];
  // Commands waiting for their reply, oldest first: with PIPELINING a client sends several at once.
  const waiting: { verb: string; arg: string }[] = [];
  let last: { verb: string; arg: string } | undefined;
  let tx: Transaction = { accepted: [], failed: false };
  let refused = false; // a reply has failed: a later "503 bad sequence" only follows from it
  // Each line read once; a line with the other style (no prefix among prefixed ones) is not the session's.
  const parsed = lines.map((raw) => {
    const l = lineOf(raw);
    return l?.marked === style.marked ? l : undefined;
  });
  // For each line, the next "." at or after it (-1: none): a 354 skips the message's own lines.
  const nextEnd = new Int32Array(lines.length + 1).fill(-1);
  for (let j = lines.length - 1; j >= 0; j--) nextEnd[j] = parsed[j]?.kind === 'end' ? j : nextEnd[j + 1];
  for (let i = 0; i < lines.length && out.length < MAX_FINDINGS; i++) {
    const l = parsed[i];
    if (!l) continue;
    if (l.kind === 'command' || l.kind === 'end') {
      const command = l.kind === 'end' ? { verb: 'DATA', arg: '.' } : l;
      if (command.verb === 'MAIL' || command.verb === 'RSET') tx = { accepted: [], failed: false };
      waiting.push(command);
      continue;
    }
    // The reply's lines: "250-…" goes on to the line with "250 …".
    const start = i;
    let text = l.text;
    for (let more = l.more; more && i + 1 < lines.length;) {
      const next = parsed[i + 1];
      if (next?.kind !== 'reply' || next.code !== l.code) break;
      text += ` ${continuation(next.text)}`;
      more = next.more;
      i++;
    }
    // A reply before any command answers the connection (the greeting).
    const answered = waiting.shift() ?? last ?? { verb: 'CONN', arg: '' };
    last = answered;
    const recipient = answered.verb === 'RCPT' ? findAddress(answered.arg)?.address : undefined;
    const enhanced = ENHANCED_AT.exec(text)?.[1];
    const base: Draft = {
      reply: l.code,
      ...(enhanced ? { enhanced } : {}),
      text: text.slice(0, MAX_TEXT),
      line: start + 1,
      shape: 'reply',
      command: answered.verb,
    };
    const draft = (to: string | undefined): Draft => (to ? { ...base, recipient: to } : base);
    const failed = l.code[0] === '4' || l.code[0] === '5';
    if (!failed) {
      if (recipient) tx.accepted.push(recipient);
      if (l.code === '354') {
        // The message's own lines up to its "." (the paste may leave them out: then there is none).
        if (nextEnd[i + 1] !== -1) i = nextEnd[i + 1] - 1; // the "." is read next, as the command it is
      }
      // A message the server took: each recipient it accepted has it.
      if (answered.arg === '.' && l.code[0] === '2') for (const r of tx.accepted) out.push(draft(r));
      continue;
    }
    // "503 need RCPT" or "554 no valid recipients" after a refusal: the refusal is the failure.
    const consequence = (refused && l.code === '503') || (tx.failed && answered.verb === 'DATA' && !tx.accepted.length);
    refused = true;
    if (answered.verb === 'RCPT' || answered.verb === 'MAIL') tx.failed = true;
    if (consequence) continue;
    if (answered.verb === 'DATA' && tx.accepted.length) for (const r of tx.accepted) out.push(draft(r));
    else out.push(draft(recipient));
  }
  return out;
}
