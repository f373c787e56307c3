/**
 * Reader for Sendmail 8 notices without a delivery status report: the block
 * "----- The following addresses had permanent fatal errors -----" names each failed recipient, with
 * the reply that failed it in "(reason: …)" on the next line. The transcript below it only says which
 * command that reply answered; the replies after it ("554 5.0.0 Service unavailable", "<<< 503 5.5.1
 * No recipients") are consequences of the failure, not failures of their own.
 */
import { MAX_FINDINGS, MAX_TEXT, type Draft } from '../types.ts';
import { nameOf } from './command.ts';
import { parseReplies } from './replies.ts';
import { COMMAND, REPLY, sessionStart } from './sendmail-v5.ts';

const BLOCK = /^\s*-{3,} ?The following addresse?s? had (?:permanent fatal|transient non-fatal) errors ?-{3,}/i;
const ADDRESS = /^\s*<?([^\s<>@()]{1,64}@[^\s<>@()]{1,255}?)>?(?:\s+\(expanded from:[^)]*\))?\s*$/i;
const REASON = /^\s*\(reason: ?(.*)$/i;
const SECTION = /^\s*-{3,}/;
/** Sendmail's own line for a recipient in the transcript: "550 5.1.1 <a@b.example>... User unknown". */
const STATUS_LINE = /^([45][0-9]{2}) ([45]\.[0-9]{1,3}\.[0-9]{1,3}) <([^<>\s]{1,320})>\.\.\. /;

/** The failed recipients and their replies, or undefined when the notice has no such block with a reason. */
export function parseSendmailSummary(lines: string[], senders: ReadonlySet<string>): Draft[] | undefined {
  const start = lines.findIndex((l) => l.length < 200 && BLOCK.test(l));
  if (start < 0) return undefined;
  const out: Draft[] = [];
  let recipient: string | undefined;
  let i = start + 1;
  for (; i < lines.length && i <= start + 2000 && out.length < MAX_FINDINGS; i++) {
    const line = lines[i].length > MAX_TEXT ? lines[i].slice(0, MAX_TEXT) : lines[i];
    if (SECTION.test(line) && !BLOCK.test(line)) break;
    const address = ADDRESS.exec(line);
    if (address) {
      recipient = senders.has(address[1].toLowerCase()) ? undefined : address[1];
      continue;
    }
    const reason = REASON.exec(line);
    const text = reason?.[1].trimEnd().replace(/\)$/, '');
    const [reply] = text && recipient ? parseReplies([text]) : [];
    if (reply) out.push({ ...reply, text: text!, recipient, line: i + 1 });
    if (reason) recipient = undefined;
  }
  if (!out.length) return undefined;
  const { sessions, statuses } = transcriptOf(lines, i);
  for (const d of out) {
    const session = d.reply ? sessions.get(d.reply) : undefined;
    d.command ??= session?.command;
    d.remoteMta ??= session?.host;
    // A reason without an enhanced code ("550 unknown user") takes the one Sendmail gave the
    // recipient, as its delivery report would (Status: 5.1.1), when of the same class.
    const status = statuses.get(d.recipient!.toLowerCase());
    if (!d.enhanced && status && status[0] === d.reply?.[0]) d.enhanced = status;
  }
  return out;
}

/**
 * What the transcript after the block says, in one pass: for each failing reply code, the command it
 * first answered and the host that answered ("... while talking to mx.example.com.:" opens each
 * host's part); for each recipient, the enhanced code Sendmail's own line gives it.
 */
function transcriptOf(lines: string[], from: number) {
  const sessions = new Map<string, { command: string; host?: string }>();
  const statuses = new Map<string, string>();
  let command: string | undefined;
  let host: string | undefined;
  for (let i = from; i < lines.length && i < from + 500; i++) {
    const line = lines[i].length > MAX_TEXT ? lines[i].slice(0, MAX_TEXT) : lines[i];
    const session = sessionStart(line);
    if (session) [command, host] = [undefined, session.host];
    const cmd = COMMAND.exec(line);
    if (cmd) command = nameOf(cmd[1]);
    const reply = REPLY.exec(line);
    if (reply && command && !sessions.has(reply[1])) sessions.set(reply[1], { command, host });
    const status = STATUS_LINE.exec(line);
    if (status && !statuses.has(status[3].toLowerCase())) statuses.set(status[3].toLowerCase(), status[2]);
  }
  return { sessions, statuses };
}
