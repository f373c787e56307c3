/**
 * The SMTP command a failing reply answered, as the notice reports it: Postfix "(in reply to RCPT
 * TO command)", Exim "after RCPT TO:<…>" / "after end of data", Sendmail ">>> DATA", and the
 * "send: RCPT TO:<…>" / "recv: 550 …" transcript some Java mail servers attach.
 */
const COMMAND_SOURCE =
  /(?:in reply to (?:the )?|\bafter (?:the )?|>>> ?|\bsend: ?|\bresponse to (?:the )?)(rcpt to|mail from|end of data|data|helo|ehlo|starttls|auth|rset|quit|initial connection|connect)\b/i;

const COMMAND = new RegExp(COMMAND_SOURCE.source, 'i');
const COMMANDS = new RegExp(COMMAND_SOURCE.source, 'gi');

const NAMES: Record<string, string> = {
  'rcpt to': 'RCPT',
  'mail from': 'MAIL',
  'end of data': 'DATA',
  data: 'DATA',
  'initial connection': 'CONN',
  connect: 'CONN',
};

/** The short name of an SMTP command as a bounce words it ("rcpt to" → RCPT); shared with src/lib/bounce-facts.ts. */
export const nameOf = (word: string) => NAMES[word.toLowerCase()] ?? word.toUpperCase();

export function commandIn(text: string): string | undefined {
  const m = COMMAND.exec(text.length > 8000 ? text.slice(0, 8000) : text);
  return m ? nameOf(m[1]) : undefined;
}

/** The one command a notice's text names; none when it names several (a whole transcript). */
export function onlyCommandIn(text: string): string | undefined {
  const names = new Set(
    [...(text.length > 8000 ? text.slice(0, 8000) : text).matchAll(COMMANDS)].map((m) => nameOf(m[1])),
  );
  return names.size === 1 ? [...names][0] : undefined;
}
