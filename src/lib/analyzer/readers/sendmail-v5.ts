/**
 * Reader for Sendmail V5 notices (and Sendmail notices without a delivery status report): the
 * session transcript ("While talking to host:", ">>> command", "<<< reply") with one summary line
 * per failed recipient ("554 <a@b.example>... Remote protocol error"). Only the summary lines name
 * failed recipients; the host lines ("550 b.example (smtp)... 550 Host unknown") and the transcript
 * are context. Each recipient takes the remote's code quoted after "... " ("554 <a@b>... 550 Host
 * unknown"), else the reply that answered RCPT or DATA in its session, else the summary's own code.
 */
import { ENHANCED_AT, hostName } from '../patterns.ts';
import { MAX_FINDINGS, MAX_TEXT, type Draft } from '../types.ts';
import { nameOf } from './command.ts';

const TRANSCRIPT = /^\s*-{3,} ?Transcript of session follows ?-{3,}/i;
const SUMMARY = /^([45][0-9]{2}) <([^<>\s@]{1,64}@[^<>\s@]{1,255})>\.\.\. ?(.*)$/;
/** "While talking to mx.example.com:" (V5) or "... while talking to mx.example.com.:" (8) opens a host's session. */
const SESSION = /^(?:\.\.\. ?)?while talking to (?:([^\s:]{1,253}):)?/i;
/** A transcript's ">>> RCPT To:<…>" command line and "<<< 550 …" reply line (the Sendmail 8 reader reads them too). */
export const COMMAND = /^>>> ?([A-Za-z]{4})\b/;
export const REPLY = /^<<< ?([45][0-9]{2})[ -](.*)$/;
/**
 * Whether a transcript line opens a host's session, and the host it names (none for an address
 * literal, "[192.0.2.1]"): undefined when the line opens none.
 */
export function sessionStart(line: string): { host?: string } | undefined {
  const m = SESSION.exec(line);
  if (!m) return undefined;
  const name = m[1]?.endsWith('.') ? m[1].slice(0, -1) : m[1];
  return { host: name && hostName(name) };
}
const UNSENT = /^\s*-{3,} ?(?:Unsent message follows|No message was collected)/i;

/**
 * A Sendmail notice read from its transcript: one with at least one per-recipient summary line
 * (a notice with a delivery status report is read by the DSN reader before this one).
 */
export function isSendmailTranscript(lines: string[]): boolean {
  const start = lines.findIndex((l) => TRANSCRIPT.test(l));
  if (start < 0) return false;
  const part = lines.slice(start, start + 500).map((l) => l.slice(0, MAX_TEXT));
  return part.some((l) => SUMMARY.test(l));
}

export function parseSendmailTranscript(lines: string[]): Draft[] {
  const out: Draft[] = [];
  let command: string | undefined;
  let reply: { code: string; text: string } | undefined;
  let host: string | undefined;
  const start = lines.findIndex((l) => TRANSCRIPT.test(l));
  for (let i = start + 1; i < lines.length && out.length < MAX_FINDINGS; i++) {
    const line = lines[i].slice(0, MAX_TEXT).trimEnd();
    if (UNSENT.test(line)) break;
    const session = sessionStart(line);
    if (session) [command, reply, host] = [undefined, undefined, session.host];
    const cmd = COMMAND.exec(line);
    if (cmd) [command, reply] = [nameOf(cmd[1]), undefined];
    const r = REPLY.exec(line);
    if (r) reply = { code: r[1], text: r[2].trim() };
    const m = SUMMARY.exec(line);
    if (!m) continue;
    const inner = /^([45][0-9]{2})\s/.exec(m[3])?.[1];
    // The reply answered this recipient or its message only at RCPT or DATA; a refused MAIL FROM
    // (the sender) or HELO says why, but the summary's code is the one for the recipient.
    const answered = !inner && reply && (command === 'RCPT' || command === 'DATA');
    const said = !inner && reply ? `${reply.code} ${reply.text} ` : '';
    const code = inner ?? (answered ? reply!.code : m[1]);
    // The enhanced code, where the reply that gave the code has one ("<<< 550 5.1.1 …").
    const enhanced = ENHANCED_AT.exec(inner ? m[3] : answered ? `${reply!.code} ${reply!.text}` : m[3])?.[1];
    out.push({
      recipient: m[2],
      reply: code,
      ...(enhanced && enhanced[0] === code[0] ? { enhanced } : {}),
      text: `${said}${line}`.slice(0, MAX_TEXT),
      line: i + 1,
      shape: 'reply',
      ...(inner || !command ? {} : { command }),
      // The quoted reply came from the session's host; a summary's own code is this server's.
      ...(answered && host ? { remoteMta: host } : {}),
    });
  }
  return out;
}
