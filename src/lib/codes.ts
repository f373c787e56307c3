/**
 * Pure helpers for SMTP reply codes ("550") and enhanced status codes ("5.1.1").
 * Everything here is derived from the digits alone, so it works for codes we
 * have not documented too (the 404 page and the search use it on user input).
 */

export type CodeKind = 'reply' | 'enhanced';
/** How a bulk sender treats a code: info (not a failure), soft (retry), hard (do not retry unchanged). */
export const BOUNCE_TYPES = ['info', 'soft', 'hard'] as const;
export type BounceType = (typeof BOUNCE_TYPES)[number];
export type ClassName = 'success' | 'intermediate' | 'transient' | 'permanent';

// The shapes of a code, written once; every pattern below (and in the schemas) is built from them.
/** 3-digit reply code: first digit 2–5 (RFC 5321 §4.2.1). */
export const REPLY_CODE = '[2-5][0-9][0-9]';
/** Subject or detail of an enhanced code (RFC 3463 §2): 1–3 digits, no leading zeros. */
export const CODE_PART = '(?:0|[1-9][0-9]{0,2})';
/** Enhanced code class.subject.detail: class 2, 4 or 5. */
export const ENHANCED_CODE = `[245]\\.${CODE_PART}\\.${CODE_PART}`;

export const REPLY_CODE_RE = new RegExp(`^${REPLY_CODE}$`);
export const ENHANCED_CODE_RE = new RegExp(`^${ENHANCED_CODE}$`);
/** An enhanced-code record in data/: "X.2.2", the class left open (one record, a page per class). */
export const ENHANCED_RECORD_RE = new RegExp(`^X\\.${CODE_PART}\\.${CODE_PART}$`);

export function codeKind(code: string): CodeKind | undefined {
  if (REPLY_CODE_RE.test(code)) return 'reply';
  if (ENHANCED_CODE_RE.test(code)) return 'enhanced';
  return undefined;
}

export interface ClassInfo {
  digit: '2' | '3' | '4' | '5';
  name: ClassName;
  label: string;
  /** What a sender should take from it, in a few words; shown after the label, so it never repeats it. */
  gist: string;
  /** The bounce type the class implies when nothing overrides it. */
  bounceType: BounceType;
}

export const CLASSES: Record<ClassInfo['digit'], ClassInfo> = {
  '2': { digit: '2', name: 'success', label: 'Success', gist: 'the command or delivery succeeded', bounceType: 'info' },
  '3': {
    digit: '3',
    name: 'intermediate',
    label: 'Intermediate',
    gist: 'the server waits for more input',
    bounceType: 'info',
  },
  '4': {
    digit: '4',
    name: 'transient',
    label: 'Transient failure',
    gist: 'the condition may clear, so the same message can succeed later',
    bounceType: 'soft',
  },
  '5': {
    digit: '5',
    name: 'permanent',
    label: 'Permanent failure',
    // Not "never send it again": a 5xx rate limit or full mailbox clears with time (those pages say
    // "Retry later"), but nothing queues the message again, and it fails again until the cause changes.
    gist: 'the server refused this attempt for good, so no server retries it, and sending the same thing again fails until its cause has changed',
    bounceType: 'hard',
  },
};

export interface SubjectInfo {
  digit: string;
  /** IANA "Subject Sub-Codes" title (RFC 3463 §3). */
  title: string;
  /** Short plain-language name used in headings and tables. */
  name: string;
  /** What kind of problem this subject reports and who usually owns it. */
  gist: string;
  examples: string;
}

export const SUBJECTS: Record<string, SubjectInfo> = {
  '0': {
    digit: '0',
    title: 'Other or Undefined Status',
    name: 'Other',
    gist: 'No more detail is available than the class.',
    examples: 'Catch-all codes such as 5.0.0',
  },
  '1': {
    digit: '1',
    title: 'Addressing Status',
    name: 'Address',
    gist: 'Something is wrong with the sender or recipient address: syntax, unknown user, unknown domain.',
    examples: 'User unknown, bad domain, bad address syntax',
  },
  '2': {
    digit: '2',
    title: 'Mailbox Status',
    name: 'Mailbox',
    gist: 'The recipient mailbox exists but cannot take the message now; usually under the recipient\u2019s control.',
    examples: 'Mailbox full, mailbox disabled, per-mailbox size limit',
  },
  '3': {
    digit: '3',
    title: 'Mail System Status',
    name: 'Mail system',
    gist: 'The receiving system as a whole has a problem; its administrator owns it.',
    examples: 'System full, not accepting mail, message too big for the system',
  },
  '4': {
    digit: '4',
    title: 'Network and Routing Status',
    name: 'Network and routing',
    gist: 'Connecting to or routing to the next hop failed.',
    examples: 'No answer from host, DNS failure, routing loop, delivery time expired',
  },
  '5': {
    digit: '5',
    title: 'Mail Delivery Protocol Status',
    name: 'Protocol',
    gist: 'The SMTP conversation itself went wrong.',
    examples: 'Invalid command, syntax error, too many recipients',
  },
  '6': {
    digit: '6',
    title: 'Message Content or Media Status',
    name: 'Content and media',
    gist: 'The content could not be carried or converted as sent.',
    examples: 'Unsupported media, conversion failed, non-ASCII address refused',
  },
  '7': {
    digit: '7',
    title: 'Security or Policy Status',
    name: 'Security and policy',
    gist: 'A security or policy rule refused the message or the sender.',
    examples: 'Spam or reputation block, SPF/DKIM/DMARC failure, authentication errors',
  },
};

export interface CodeInfo {
  code: string;
  kind: CodeKind;
  class: ClassInfo;
  /** Enhanced codes only: the subject digit's meaning (X.Y.Z → Y). Unknown subjects (X.8.Z…) stay undefined. */
  subject?: SubjectInfo;
  subjectDigit?: string;
  detail?: string;
}

/**
 * Class and subject of a code, from its digits. Returns undefined for text that is not
 * a code, and for reply codes with a first digit outside 2–5 (1xx is not an SMTP reply).
 */
export function classify(code: string): CodeInfo | undefined {
  const kind = codeKind(code);
  if (!kind) return undefined;
  const cls = CLASSES[code[0] as ClassInfo['digit']];
  if (kind === 'reply') return { code, kind, class: cls };
  const [, subjectDigit, detail] = code.split('.');
  return { code, kind, class: cls, subject: SUBJECTS[subjectDigit], subjectDigit, detail };
}

export function defaultBounceType(code: string): BounceType | undefined {
  return classify(code)?.class.bounceType;
}

// A code inside free text: "550", "550-5.1.1", "smtp; 550 5.1.1 <a@b>", "#5.1.1".
// Digits glued to other digits or dots ("1550", "5.1.1.2", "192.168.5.1") do not count.
const ENHANCED_IN_TEXT = new RegExp(`(?<![0-9.])(${ENHANCED_CODE})(?![0-9]|\\.[0-9])`);
const REPLY_IN_TEXT = new RegExp(`(?<![0-9.])(${REPLY_CODE})(?![0-9]|\\.[0-9])`);
const ALL_ENHANCED_IN_TEXT = new RegExp(ENHANCED_IN_TEXT.source, 'g');

export interface CodeQuery {
  /** The first reply code found (550), if any. */
  reply?: string;
  /** The first enhanced code found (5.1.1), if any. */
  enhanced?: string;
}

/**
 * Find the codes a person means when they type or paste into the search box.
 * Enhanced codes are looked for first, and their digits are then masked so that
 * "5.5.0" does not also yield a reply code.
 */
export function parseCodeQuery(text: string): CodeQuery {
  const input = text.slice(0, 10_000);
  const enhanced = ENHANCED_IN_TEXT.exec(input)?.[1];
  const masked = input.replace(ALL_ENHANCED_IN_TEXT, (m) => ' '.repeat(m.length));
  return { reply: REPLY_IN_TEXT.exec(masked)?.[1], enhanced };
}

/** Sort codes the way a reader scans a table: reply codes first, then enhanced, numerically. */
export function compareCodes(a: string, b: string): number {
  const key = (c: string) => {
    const parts = c.split('.').map(Number);
    return parts.length === 1 ? [0, parts[0], 0, 0] : [1, parts[0], parts[1], parts[2]];
  };
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < 4; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return 0;
}

/** Second digit of a reply code (RFC 5321 §4.2.1). */
export const REPLY_SECOND_DIGIT: Record<string, string> = {
  '0': 'syntax: the command was malformed, unknown or not implemented',
  '1': 'information: a reply to a request for status or help',
  '2': 'connections: the transmission channel',
  '3': 'unspecified',
  '4': 'unspecified',
  '5': 'mail system: the state of the receiver or of the mailbox',
};
