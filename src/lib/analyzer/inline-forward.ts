/**
 * A notice forwarded inline: a customer's "Fwd:" whose body quotes the bounce under a mail client's
 * forward marker and a few of its header fields ("From: Mail Delivery Subsystem ...", "To: <ann@...>").
 * Read as it is, the forwarded "To:" line names the sender, and the readers took it for the failed
 * recipient. inlineForward turns the quoted part back into an email (those fields as its header),
 * which the message stage reads like any notice: its To is then the sender's, as it should be.
 */
import { NOTICE_SENDER, NOTICE_SUBJECT } from './patterns.ts';

/** A mail client's forward marker, in the languages our notices cover, or Outlook's rule line. */
const MARKER =
  /^[ \t]*(?:-{2,}[ \t]*(?:forwarded message|original message|weitergeleitete nachricht|urspr\u00fcngliche nachricht|message transf\u00e9r\u00e9|message d'origine|mensaje reenviado|mensaje original|messaggio inoltrato|messaggio originale|mensagem encaminhada|mensagem original|doorgestuurd bericht|oorspronkelijk bericht|vidarebefordrat meddelande|ursprungligt meddelande)[ \t]*(?:-+[ \t]*)?|begin forwarded message:[ \t]*|_{16,}[ \t]*)$/im;

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
  const body = text.slice(marker.index + marker[0].length + consumed).replace(/^\r?\n/, '');
  return `${header.join('\n')}\n\n${body}`;
}
