/**
 * Reader for sending services' webhook and API JSON (SendGrid's event batches, Mailgun's bounce
 * lists and events, SES notifications, Postmark, SparkPost): one record per recipient.
 *
 * Read as plain text, a batch mixes its records: SendGrid posts a whole array of events on one line,
 * so the second event's "550 5.2.2 mailbox full" was credited to the first event's address. Each
 * record is read on its own instead, as the compact JSON of that record alone (the shape a single
 * event already reads right in), and its failures belong to the address the record names.
 */

/** Fields whose value is the recipient in ESP payloads (case and punctuation ignored). */
const RECIPIENT_KEYS = new Set([
  'email', // SendGrid, Postmark ("Email")
  'emailaddress', // SES bouncedRecipients
  'address', // Mailgun bounces API
  'recipient', // Mailgun events
  'rcptto', // SparkPost rcpt_to
  'rawrcptto',
  'to',
]);
const ADDRESS = /^[^\s@"<>]{1,64}@[^\s@"<>]{1,255}$/;

export interface JsonRecord {
  recipient: string;
  /** The record is a complaint event (the recipient marked the message as spam): its feedback type. */
  complaint?: string;
  /** The record alone, compact, with its parent's plain fields (SES's reportingMTA, bounceType). */
  text: string;
  /** The line of the pasted text where the record's address first appears (1-based). */
  line: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A key or value with case and punctuation ignored ("rcpt_to" is "rcptto"). */
const plain = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function recipientOf(o: JsonObject): string | undefined {
  for (const [key, value] of Object.entries(o))
    if (typeof value === 'string' && RECIPIENT_KEYS.has(plain(key)))
      if (ADDRESS.test(value.trim())) return value.trim();
  return undefined;
}

/**
 * Event types that mean the recipient complained, as each ESP names them (and django-anymail's
 * webhook code maps them, anymail/webhooks/*.py at 0a07e846, checked 2026-12-03): Postmark
 * "SpamComplaint", Amazon SES "Complaint", SendGrid "spamreport", SparkPost "spam_complaint",
 * Mailgun "complained". Compared with case and punctuation ignored.
 */
const COMPLAINT_EVENTS = new Set(['spamcomplaint', 'complaint', 'spamreport', 'complained']);
const EVENT_KEYS = new Set(['recordtype', 'type', 'event', 'eventtype', 'notificationtype']);

/** A complaint record's feedback type (SES gives one; "abuse" otherwise), or undefined. */
function complaintOf(o: JsonObject): string | undefined {
  const complaint = Object.entries(o).some(
    ([key, value]) => typeof value === 'string' && EVENT_KEYS.has(plain(key)) && COMPLAINT_EVENTS.has(plain(value)),
  );
  if (!complaint) return undefined;
  const type = o.complaintFeedbackType;
  return typeof type === 'string' && /^[a-z-]{1,20}$/i.test(type) ? type.toLowerCase() : 'abuse';
}

const NESTED = /^\s*[{[]/;

/** The object's plain fields (strings, numbers), which a record inherits from its parent; not JSON held as a string. */
function plainFields(o: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => typeof v === 'number' || (typeof v === 'string' && !NESTED.test(v))),
  );
}

/** The records in a JSON value, depth first; a record's own nested records are records of their own. */
function collect(v: Json, inherited: JsonObject, out: { recipient: string; value: JsonObject }[], depth = 0): void {
  if (depth > 32 || out.length >= 10_000) return;
  if (Array.isArray(v)) {
    for (const item of v) collect(item, inherited, out, depth + 1);
    return;
  }
  // Amazon SNS delivers an SES notification as a JSON string in its "Message" field.
  if (typeof v === 'string') return void (NESTED.test(v) && collect(parsed(v), inherited, out, depth + 1));
  if (!isObject(v)) return;
  const recipient = recipientOf(v);
  // A record's nested objects are its details (Mailgun's delivery-status, its message headers).
  if (recipient) return void out.push({ recipient, value: { ...inherited, ...v } });
  const fields = { ...inherited, ...plainFields(v) };
  for (const child of Object.values(v)) if (typeof child !== 'number') collect(child, fields, out, depth + 1);
}

function parsed(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return null;
  }
}

/**
 * The records of a pasted JSON document, or undefined when the text is not JSON or names no
 * recipient (then it is read as text).
 */
export function jsonRecords(text: string): JsonRecord[] | undefined {
  const start = text.search(/\S/);
  if (start < 0 || (text[start] !== '{' && text[start] !== '[')) return undefined;
  const value = parsed(text);
  if (value === null) return undefined;
  const found: { recipient: string; value: JsonObject }[] = [];
  collect(value, {}, found);
  if (!found.length) return undefined;
  // Lines are counted forward once: the records appear in the text in the order JSON.parse met them.
  let from = 0;
  let line = 1;
  return found.map(({ recipient, value: v }) => {
    const at = text.indexOf(recipient, from);
    if (at >= 0) {
      for (let i = text.indexOf('\n', from); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
      from = at + recipient.length;
    }
    const complaint = complaintOf(v);
    return { recipient, text: JSON.stringify(v), line, ...(complaint && { complaint }) };
  });
}

/**
 * The JSON object a notification email carries as its body (Amazon SNS emails SES events so), or
 * undefined. Its one long line may come back broken: Sendmail splits a line over 990 octets with
 * "!", a line break and a space; other servers fold it. JSON holds no raw line break inside a
 * string, so every break is one of those (or whitespace between tokens) and is taken out.
 */
export function jsonInEmail(text: string): string | undefined {
  const start = text.search(/^\{"/m);
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  return text.slice(start, end + 1).replace(/!?\r?\n[ \t]*/g, '');
}
