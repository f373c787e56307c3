/**
 * A notice a person quotes: forwarded inline (a customer's "Fwd:" whose body quotes the bounce under
 * a mail client's forward marker and a few of its header fields, "From: Mail Delivery Subsystem
 * ...", "To: <ann@...>"), or quoted in a reply ("On ..., Mail Delivery System <...> wrote:" and the
 * notice's lines behind "> "). Read as they are, the forwarded "To:" line names the sender, and a
 * reply's quoted lines are skipped as quotes. Both are turned back into an email (the quoted fields,
 * or the reply's attribution, as its header), which the message stage reads like any notice.
 */
import { NOTICE_SENDER, NOTICE_SUBJECT, REPLY_PREFIXES } from './patterns.ts';

/** A mail client's forward marker, in the languages our notices cover, or Outlook's rule line. */
const MARKER =
  /^[ \t]*(?:-{2,}[ \t]*(?:forwarded message|original message|weitergeleitete nachricht|urspr\u00fcngliche nachricht|message transf\u00e9r\u00e9|message d'origine|mensaje reenviado|mensaje original|messaggio inoltrato|messaggio originale|mensagem encaminhada|mensagem original|doorgestuurd bericht|oorspronkelijk bericht|vidarebefordrat meddelande|ursprungligt meddelande)[ \t]*(?:-+[ \t]*)?|begin forwarded message:[ \t]*|_{16,}[ \t]*)$/im;

/** A quoted line without its quote mark, and the space after it when there is one. */
const withoutQuote = (line: string) => line.slice(line.startsWith('> ') ? 2 : 1);

/** A quoted header field, its name in a mail client's language: which field of ours it is. */
const FIELDS: Record<string, 'from' | 'to' | 'subject'> = {
  from: 'from',
  von: 'from',
  de: 'from',
  da: 'from',
  van: 'from',
  'fr\u00e5n': 'from',
  '\u043e\u0442': 'from',
  to: 'to',
  an: 'to',
  '\u00e0': 'to',
  para: 'to',
  a: 'to',
  aan: 'to',
  till: 'to',
  '\u043a\u043e\u043c\u0443': 'to',
  subject: 'subject',
  betreff: 'subject',
  objet: 'subject',
  asunto: 'subject',
  oggetto: 'subject',
  assunto: 'subject',
  onderwerp: 'subject',
  '\u00e4mne': 'subject',
  '\u0442\u0435\u043c\u0430': 'subject',
};
/** A field line: a name of one or two words ("Sent", "Enviado el"), a colon, its value. */
const FIELD_LINE = /^[ \t]*([^\s:]{1,12}(?: [^\s:]{1,6})?)[ \t]*:(.*)$/;

/**
 * The forwarded notice as an email (its quoted fields, a blank line, the rest of the text), or
 * undefined when the text forwards no notice. Only the first forward marker counts, and only a
 * marker followed (after at most one blank line) by quoted fields, one of them From, that say a
 * mail system sent it or name a notice's subject. Field lines of other names (Date, Sent, Cc) are
 * passed over; the first line that is no field ends them. `within`: how far into the text the
 * marker may start.
 */
export function inlineForward(text: string, within = 200_000): string | undefined {
  const marker = MARKER.exec(text.length > within ? text.slice(0, within) : text);
  if (!marker) return undefined;
  const lines = text.slice(marker.index + marker[0].length).split('\n', 40);
  let i = 1; // lines[0] is what is left of the marker's own line
  if (i < lines.length && lines[i].trim() === '') i++;
  const header: string[] = [];
  const seen = new Map<string, string>();
  for (; i < lines.length && i < 16; i++) {
    const m = FIELD_LINE.exec(lines[i].replace(/\r$/, ''));
    if (!m) break;
    const field = FIELDS[m[1].toLowerCase()];
    if (!field || seen.has(field)) continue;
    const value = m[2].trim();
    seen.set(field, value);
    header.push(`${field}: ${value}`);
  }
  const from = seen.get('from');
  if (from === undefined || !(NOTICE_SENDER.test(from) || NOTICE_SUBJECT.test(seen.get('subject') ?? '')))
    return undefined;
  const consumed = lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0);
  return asEmail(header, text.slice(marker.index + marker[0].length + consumed).replace(/^\r?\n/, ''));
}

/**
 * The quoted notice as an email: its fields, and MIME-Version so that a lone From is still a header
 * the message stage reads as one (it wants two fields), a blank line, the body.
 */
const asEmail = (fields: string[], body: string) => `${fields.join('\n')}\nmime-version: 1.0\n\n${body}`;

/** The verb of a reply's attribution line ("... wrote:", "Am ... schrieb X:"), in the languages our notices cover. */
const WROTE =
  /(?:wrote|schrieb|a \u00e9crit|escribi\u00f3|ha scritto|escreveu|schreef|skrev|\u043f\u0438\u0448\u0435\u0442|\u043d\u0430\u043f\u0438\u0441\u0430\u043b)/i;

/** The first line that ends in ":" and holds an attribution's verb, and where it starts and ends. */
function attributionLine(text: string): { start: number; end: number } | undefined {
  let start = 0;
  for (const line of text.split('\n')) {
    const end = start + line.length;
    const bare = line.trimEnd();
    if (bare.endsWith(':') && !bare.startsWith('>') && WROTE.test(bare)) return { start, end };
    start = end + 1;
  }
  return undefined;
}

/** How an attribution line starts: "On", "Am", "Le", "El", "Il", "Em", "Op", "Den", or a date. */
const ATTRIBUTION_START = /^[ \t]*(?:on|am|le|el|il|em|op|den|[0-9])\b/i;

/**
 * The notice quoted in a reply, as an email (its attribution's sender as From, the answering
 * person as To, the reply's subject without "Re:", a blank line, the quoted lines without their
 * first "> "), or undefined when the text quotes no notice. Only the first attribution counts, and
 * only one with quoted lines right after it that names a mail system (the line that ends in
 * "wrote:", and the one above when the attribution wraps) or answers a notice's subject.
 * `within`: how far into the text the attribution may end.
 */
export function quotedReply(
  text: string,
  reply: { sender?: string; subject?: string } = {},
  within = 200_000,
): string | undefined {
  const line = attributionLine(text.length > within ? text.slice(0, within) : text);
  if (!line) return undefined;
  // A wrapped attribution ("On ... Mail Delivery Subsystem <", "mailer-daemon@...> wrote:") starts a line above.
  const own = text.slice(line.start, line.end);
  const wrapped = line.start > 0 && !ATTRIBUTION_START.test(own);
  const whole = (wrapped ? text.slice(text.lastIndexOf('\n', line.start - 2) + 1, line.end) : own).trimEnd();
  const attribution = whole.slice(0, -1).replace(/\s+/g, ' ').trim(); // without its closing ":"
  // The answer keeps the notice's subject after its "Re:": it may say what the attribution does not.
  const subject = reply.subject?.replace(REPLY_PREFIXES, '');
  if (!NOTICE_SENDER.test(attribution) && !NOTICE_SUBJECT.test(subject ?? '')) return undefined;
  const quoted: string[] = [];
  for (const next of text.slice(line.end + 1).split('\n')) {
    const bare = next.replace(/\r$/, '');
    if (bare.startsWith('>')) quoted.push(withoutQuote(bare));
    else if (bare.trim() === '' && quoted.length === 0) continue;
    else if (bare.trim() === '') quoted.push('');
    else break;
  }
  while (quoted.length && quoted[quoted.length - 1] === '') quoted.pop();
  if (!quoted.length) return undefined;
  const header = [`from: ${attribution}`, reply.sender && `to: ${reply.sender}`, subject && `subject: ${subject}`];
  return asEmail(
    header.filter((f): f is string => !!f),
    quoted.join('\n'),
  );
}

/**
 * A notice pasted with every line quoted ("> 550 5.1.1 …") and no attribution above it, as copied
 * out of a reply or a forum post: one level of quote marks is taken off, so its wrapped lines and
 * its reply's continuation read as they were sent. Text whose lines all start ">>" (a transcript's
 * ">>> RCPT TO") or that has one line without ">" is returned as it is. Line numbers are kept.
 */
export function unquoted(text: string): string {
  // Most pastes decide on their first character: a log or a notice never starts with ">".
  if (/^\s*(\S)/.exec(text.slice(0, 4096))?.[1] !== '>') return text;
  const lines = text.split('\n');
  let single = false;
  for (const line of lines) {
    if (!line.trim()) continue;
    if (!line.startsWith('>')) return text;
    if (!line.startsWith('>>')) single = true;
  }
  return single ? lines.map((l) => (l.startsWith('>') ? withoutQuote(l) : l)).join('\n') : text;
}
