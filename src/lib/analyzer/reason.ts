/**
 * Classification, part 1: the reason, in sisimai's vocabulary. A specific code decides; the words
 * decide when the code is vague (5.0.0, a bare 550) or names a broad class (5.7.1 security, which
 * the words narrow to blocked, spam, SPF...). The phrases live in data/reasons.yaml.
 */
import type { ReasonData } from './types.ts';

/** Reasons a code gives only loosely: the words may say better (sisimai retries these too). */
const LOOSE = new Set(['undefined', 'onhold', 'systemerror', 'securityerror', 'expired', 'networkerror', 'filtered']);

/** A phrase ready to match: its reason's rank (lower is tried first) and its parts. */
interface Phrase {
  rank: number;
  parts: string[];
  /** Characters 5-8 of the first part packed (packed()), when it has them: its list in a bucket. */
  next?: number;
}
/**
 * The phrases whose first part starts with the same four characters, split by the next four
 * (packed()): a common start ("user", "mail") has dozens, and one look-up leaves the few that can
 * match. `rest`: those whose first part is too short to have the next four. Each list by rank.
 */
interface Bucket {
  byNext: Map<number, Phrase[]>;
  rest: Phrase[];
}
interface Prepared {
  /** Phrases by the first characters of their first part: one lookup per text position. */
  byStart: Map<number, Bucket>;
  /** Bit tables of the first four characters (all phrases; 'first' ones): most positions need no look-up. */
  bits: Uint8Array;
  firstBits: Uint8Array;
  short: Phrase[];
}
const prepared = new WeakMap<ReasonData, Prepared>();

function phrasesOf(data: ReasonData): Prepared {
  let p = prepared.get(data);
  if (p) return p;
  p = {
    byStart: new Map(),
    bits: new Uint8Array(1 << 16),
    firstBits: new Uint8Array(1 << 16),
    short: [],
  };
  // A provider's own wording ("first") outranks every generic phrase: its rank is below them all.
  const all = data.phrases.flatMap((r, rank) => [
    ...(r.first ?? []).map((text) => ({ rank: rank - data.phrases.length, text })),
    ...r.texts.map((text) => ({ rank, text })),
  ]);
  for (const { rank, text } of all) {
    const parts = text.split(' … ');
    const phrase: Phrase = { rank, parts, next: parts[0].length >= 2 * KEY ? packed(parts[0], KEY) : undefined };
    const first = phrase.parts[0];
    if (first.length < KEY) p.short.push(phrase);
    else {
      const key = startKey(first, 0);
      let bucket = p.byStart.get(key);
      if (!bucket) p.byStart.set(key, (bucket = { byNext: new Map(), rest: [] }));
      if (phrase.next === undefined) bucket.rest.push(phrase);
      else {
        const list = bucket.byNext.get(phrase.next);
        if (list) list.push(phrase);
        else bucket.byNext.set(phrase.next, [phrase]);
      }
      const slot = slotOf(packed(first, 0));
      p.bits[slot] = 1;
      if (rank < 0) p.firstBits[slot] = 1;
    }
  }
  // Lowest rank first: a look-up stops at the first phrase that cannot beat the best found.
  const byRank = (a: Phrase, b: Phrase) => a.rank - b.rank;
  for (const bucket of p.byStart.values()) {
    bucket.rest.sort(byRank);
    for (const list of bucket.byNext.values()) list.sort(byRank);
  }
  p.short.sort((a, b) => a.rank - b.rank);
  prepared.set(data, p);
  return p;
}

/** True when the rest of the parts follow in this order from `at`: plain indexOf, linear. */
function restInOrder(text: string, parts: string[], at: number): boolean {
  for (let n = 1; n < parts.length; n++) {
    const i = text.indexOf(parts[n], at);
    if (i < 0) return false;
    at = i + parts[n].length;
  }
  return true;
}

/** The first KEY characters hashed to a number: no string is made per text position. */
const KEY = 4;
const startKey = (s: string, i: number) =>
  ((s.charCodeAt(i) * 31 + s.charCodeAt(i + 1)) * 31 + s.charCodeAt(i + 2)) * 31 + s.charCodeAt(i + 3);
/** Four characters' low bytes in one number (from i), and the bit-table slot of such a number. */
const packed = (s: string, i: number) =>
  ((s.charCodeAt(i) & 0xff) << 24) |
  ((s.charCodeAt(i + 1) & 0xff) << 16) |
  ((s.charCodeAt(i + 2) & 0xff) << 8) |
  (s.charCodeAt(i + 3) & 0xff);
const slotOf = (window: number) => Math.imul(window, 0x9e3779b1) >>> 16;

/** The first reason (in the data's order) whose phrase the text holds. */
export function reasonFromWords(text: string, data: ReasonData, firstOnly = false): string | undefined {
  return reasonAt(bestRank(text, data, firstOnly), data);
}

/** The reason of a phrase rank (a provider's own wording has a negative one). */
function reasonAt(rank: number, data: ReasonData): string | undefined {
  const n = data.phrases.length;
  return rank === Infinity ? undefined : data.phrases[rank < 0 ? rank + n : rank].reason;
}

/**
 * Texts read with plainRank before the phrase tables are built: building them costs ~4 ms, which
 * a one-line input (the CLI's start-up) would spend on one look-up. Same ranks either way.
 */
const PLAIN = { calls: 4, chars: 8_000 };
const plainUsed = new WeakMap<ReasonData, { calls: number; chars: number }>();

/** bestRank without the tables: each phrase looked for in turn, in rank order. */
function plainRank(lower: string, data: ReasonData, firstOnly: boolean): number {
  const n = data.phrases.length;
  const holds = (t: string) => {
    if (!t.includes(' … ')) return lower.includes(t);
    const parts = t.split(' … ');
    const i = lower.indexOf(parts[0]);
    return i >= 0 && restInOrder(lower, parts, i + parts[0].length);
  };
  for (let r = 0; r < n; r++) for (const t of data.phrases[r].first ?? []) if (holds(t)) return r - n;
  if (!firstOnly) for (let r = 0; r < n; r++) for (const t of data.phrases[r].texts) if (holds(t)) return r;
  return Infinity;
}

/** What the white-space runs replaced in bestRank hold: any run of two, or a lone tab or other space. */
const SPACING = /[^\S ]| {2}/;

/** The lowest rank of a phrase the text holds (Infinity: none). */
function bestRank(text: string, data: ReasonData, firstOnly = false): number {
  // Every run of white space as one space (a lone space, the common case, is left alone: no copy).
  // The replace only where it changes something (white space other than a space, or two in a row):
  // most texts have neither, and a global replace costs more than the test that rules it out.
  const lowered = text.toLowerCase();
  const lower = SPACING.test(lowered) ? lowered.replace(/\s{2,}|[^\S ]/g, ' ') : lowered;
  if (!prepared.has(data)) {
    const used = plainUsed.get(data) ?? { calls: 0, chars: 0 };
    plainUsed.set(data, used);
    if (++used.calls <= PLAIN.calls && (used.chars += lower.length) <= PLAIN.chars)
      return plainRank(lower, data, firstOnly);
  }
  const p = phrasesOf(data);
  let best = Infinity;
  const limit = firstOnly ? 0 : Infinity;
  for (const phrase of p.short) {
    if (phrase.rank >= best || phrase.rank >= limit) break;
    const i = lower.indexOf(phrase.parts[0]);
    if (i >= 0 && restInOrder(lower, phrase.parts, i + phrase.parts[0].length)) best = phrase.rank;
  }
  // The last four characters, packed as they go by: the bit table rules out most positions.
  const bits = firstOnly ? p.firstBits : p.bits;
  let window = 0;
  for (let end = 0; end < lower.length; end++) {
    window = (window << 8) | (lower.charCodeAt(end) & 0xff);
    // slotOf written out: a call per character is dear before the loop is optimised.
    if (end < KEY - 1 || bits[Math.imul(window, 0x9e3779b1) >>> 16] === 0) continue;
    const i = end - KEY + 1;
    const bucket = p.byStart.get(startKey(lower, i));
    if (!bucket) continue;
    if (bucket.rest.length) best = bestAt(bucket.rest, lower, i, best, limit);
    const list = bucket.byNext.size ? bucket.byNext.get(packed(lower, i + KEY)) : undefined;
    if (list) best = bestAt(list, lower, i, best, limit);
  }
  return best;
}

/** The lowest rank below `best` and `limit` of the phrases (by rank) that occur from position i. */
function bestAt(list: Phrase[], lower: string, i: number, best: number, limit: number): number {
  // An index, not for-of: a big paste's first analysis runs this before it is optimised, where an
  // iterator per position cost a third of bestRank's time.
  for (let b = 0; b < list.length; b++) {
    const phrase = list[b];
    if (phrase.rank >= best || phrase.rank >= limit) break;
    if (lower.startsWith(phrase.parts[0], i) && restInOrder(lower, phrase.parts, i + phrase.parts[0].length))
      best = phrase.rank;
  }
  return best;
}

/** The words' reason, and whether it is a provider's own wording: one pass over the text. */
export function wordsReason(text: string, data: ReasonData): { reason?: string; own: boolean } {
  const rank = bestRank(text, data);
  // A provider's own wording ranks below every other phrase: the best phrase is one exactly when there is one.
  return { reason: reasonAt(rank, data), own: rank < 0 };
}

/** sisimai's label for a code: exact, then the class and subject with any detail ("4.6.*"). */
export function reasonFromCode(code: string | undefined, data: ReasonData): string | undefined {
  if (!code) return undefined;
  const exact = data.codes[code];
  if (exact) return exact;
  const [cls, subject] = code.split('.');
  return subject !== undefined ? data.codes[`${cls}.${subject}.*`] : undefined;
}

/** The rule-label tables compiled once: each pattern, its exact codes and its numeric ranges. */
interface LabelTable {
  name: string;
  re: RegExp;
  exact: Map<string, string>;
  ranges: [number, number, string][];
}
const labelTables = new WeakMap<ReasonData, { any: RegExp; tables: LabelTable[] }>();

function labelTablesOf(data: ReasonData): { any: RegExp; tables: LabelTable[] } {
  let compiled = labelTables.get(data);
  if (compiled) return compiled;
  const tables = (data.labels ?? []).map(({ name, pattern, codes }) => {
    const exact = new Map<string, string>();
    const ranges: [number, number, string][] = [];
    for (const [code, reason] of Object.entries(codes)) {
      const range = /^(\d+)-(\d+)$/.exec(code);
      if (range) ranges.push([Number(range[1]), Number(range[2]), reason]);
      else exact.set(code.toUpperCase(), reason);
    }
    return { name, re: new RegExp(pattern, 'gi'), exact, ranges };
  });
  // Every pattern at once, tested first: most texts hold no label, and one test is a sixth of the
  // cost of trying each table (13,000 findings in a 1 MB paste).
  const any = new RegExp((data.labels ?? []).map((l) => `(?:${l.pattern})`).join('|') || '(?!)', 'i');
  compiled = { any, tables };
  labelTables.set(data, compiled);
  return compiled;
}

/** A provider's rule label found in a text: whose, its code, the reason it names and where it sits. */
export interface FoundLabel {
  name: string;
  code: string;
  reason: string;
  start: number;
  end: number;
}

/**
 * The provider's rule label in the text ("… please try later. OFR005_505": Orange's rule 505, a
 * system error), or undefined. The label says which rule refused, so it outranks words and code.
 */
export function findLabel(text: string, data: ReasonData): FoundLabel | undefined {
  const cut = text.length > 8000 ? text.slice(0, 8000) : text;
  const { any, tables } = labelTablesOf(data);
  if (!any.test(cut)) return undefined;
  for (const t of tables) {
    for (const m of cut.matchAll(t.re)) {
      const code = m[1].toUpperCase();
      const reason = t.exact.get(code) ?? t.ranges.find(([lo, hi]) => +code >= lo && +code <= hi)?.[2];
      if (reason) return { name: t.name, code, reason, start: m.index, end: m.index + m[0].length };
    }
  }
  return undefined;
}

/** The reason a provider's rule label in the text names (findLabel), or undefined. */
export const labelReason = (text: string, data: ReasonData): string | undefined => findLabel(text, data)?.reason;

export interface ReasonInput {
  text: string;
  enhanced?: string;
  reply?: string;
  /** True when the enhanced code was inferred from the words. */
  inferred: boolean;
  diagnosticType?: string;
  /** The notice's words around the failure, read when its own text says nothing known. */
  context?: string;
  action?: string;
  command?: string;
  recipient?: string;
  remoteMta?: string;
  /** The reason a provider's rule label names, when the caller has looked it up already (labelReason). */
  label?: string;
}

/**
 * NTT docomo answers "550 Unknown user" (Status 5.0.0) both for an address it does not have (at
 * RCPT) and for a message the recipient's own reception filter refused (after DATA): the second
 * is a refusal of the sender (sisimai's rhost/for-nttdocomo.go reads it the same way).
 */
export function docomoRefusal(d: ReasonInput): boolean {
  const host = d.remoteMta ?? d.recipient ?? '';
  if (!/(?:^|[.@])docomo\.ne\.jp$/i.test(host.trim())) return false;
  return d.command === 'DATA' && (!d.enhanced || d.enhanced === '5.0.0');
}

export function classifyReason(d: ReasonInput, data: ReasonData): string {
  const reason = reasonOf(d, data);
  if ((reason === 'userunknown' || reason === 'filtered') && docomoRefusal(d)) return 'rejected';
  // "User unknown" after the message was sent (DATA) masks a filter: the address was accepted at RCPT
  // (sisimai's rule too). Without a code that says 5.1.x, the words alone do not prove it gone.
  if (reason === 'userunknown' && d.command === 'DATA' && !/^[45]\.1\./.test(d.enhanced ?? '')) return 'filtered';
  return reason;
}

/**
 * "Domain not found" with a temporary code is a lookup that failed for now (the resolver, the
 * network), not a domain proven gone: sisimai calls it networkerror too.
 */
function temporaryDns(reason: string, d: ReasonInput): string {
  if (reason !== 'hostunknown') return reason;
  const cls = (d.enhanced ?? d.reply ?? '')[0];
  return cls === '4' && !d.inferred ? 'networkerror' : reason;
}

/**
 * A code's reason that the words can overturn (sisimai's reason/why-userunknown.go, and its first
 * ClassOrder, which tries a full mailbox and a suspended account before the code's own reason): a
 * 5.1.1 whose words say the mailbox is full, the account is suspended or relaying is denied is
 * that; a 5.2.3 ("message length exceeds administrative limit") whose words say the user's disk
 * quota is used up is a full mailbox, which waiting can fix and a smaller message cannot. (A
 * permanent 5.4.4 whose words say the name server failed stays a dead host: our corpus keeps such
 * an address suppressed.) X.3.2 ("System not accepting network messages") whose words say the
 * sender holds too many connections is that limit (Exchange's 4.3.2 "maximum number of concurrent
 * connections"), not a host that takes no mail.
 */
const YIELDS_TO: Record<string, string[]> = {
  userunknown: ['norelaying', 'blocked', 'mailboxfull', 'suspend', 'hasmoved', 'notaccept'],
  exceedlimit: ['mailboxfull'],
  notaccept: ['toomanyconn'],
};

/**
 * When a specific code and the words name different policy reasons, the earlier in this order wins
 * (sisimai's first ClassOrder, reason/lib.go: each reason there is tried by its code and its words
 * alike), so "450 4.7.1 Access denied. IP name lookup failed" is a missing PTR record, not a block.
 * Whether the mailbox exists, is full or moved stays the code's to say (YIELDS_TO aside).
 */
const CODE_OR_WORDS = [
  'mailboxfull',
  'mesgtoobig',
  'emailtoolarge',
  'exceedlimit',
  'suspend',
  'hasmoved',
  'norelaying',
  'authfailure',
  'userunknown',
  'filtered',
  'requireptr',
  'notcompliantrfc',
  'badreputation',
  'contenterror',
  'rejected',
  'hostunknown',
  'spamdetected',
  'speeding',
  'toomanyconn',
  'blocked',
];

/** True when the words' reason overturns the reason of a specific code (YIELDS_TO): the verdict is the words' too. */
export const overturnsCode = (byCode: string | undefined, reason: string): boolean =>
  !!byCode && !!YIELDS_TO[byCode]?.includes(reason);

/** The words' reason when they say better than a specific code's. */
export function wordsOverCode(byCode: string, inWords: string | undefined): boolean {
  if (!inWords || inWords === byCode) return false;
  if (YIELDS_TO[byCode]?.includes(inWords)) return true;
  const c = CODE_OR_WORDS.indexOf(byCode);
  const w = CODE_OR_WORDS.indexOf(inWords);
  // Only among the reasons a policy refusal can have: whether the mailbox exists is the code's to say.
  const policy = CODE_OR_WORDS.indexOf('requireptr');
  return w >= policy && w < c;
}

function reasonOf(d: ReasonInput, data: ReasonData): string {
  const byCode = d.inferred ? undefined : reasonFromCode(d.enhanced, data);
  const vague = !d.enhanced || d.inferred || /\.0$/.test(d.enhanced);
  // Postfix's "Recipient address rejected:" prefix says where, not why: the words after it decide
  // ("…: Media error", "…: User account disabled"); alone, it is all there is to read.
  const stripped = d.text.replace(/recipient address rejected:\s*/gi, '');
  const found = wordsReason(stripped, data);
  const afterPrefix = found.reason;
  // A provider's own wording says more than any code (qmail's "couldn't find a mail exchanger").
  const own = ('label' in d ? d.label : labelReason(d.text, data)) ?? (found.own ? found.reason : undefined);
  if (own) return own;
  if (byCode && !vague && !LOOSE.has(byCode)) return wordsOverCode(byCode, afterPrefix) ? afterPrefix! : byCode;
  const inWords =
    afterPrefix ??
    (stripped !== d.text ? reasonFromWords(d.text, data) : undefined) ??
    reasonFromWords(d.context ?? '', data);
  if (inWords) return temporaryDns(inWords, d);
  const fallback =
    byCode ?? reasonFromCode(d.reply, data) ?? (d.inferred ? reasonFromCode(d.enhanced, data) : undefined);
  // Refused before any envelope (the greeting, EHLO): the client itself was turned away, whatever
  // broad class (5.7.1 security) the code names.
  const beforeEnvelope = d.command === 'EHLO' || d.command === 'HELO' || d.command === 'CONN';
  if (beforeEnvelope && (!fallback || LOOSE.has(fallback))) return 'blocked';
  // sisimai files 5.2.1 under filtered, since a filter may answer with it after DATA; refused when the
  // recipient was named (RCPT TO) and with no words that say otherwise, it is the registry's meaning:
  // the mailbox is disabled.
  if (fallback === 'filtered' && d.enhanced === '5.2.1' && d.command === 'RCPT') return 'suspend';
  if (fallback) return fallback;
  const subject = d.enhanced?.slice(0, 3).slice(1);
  if (subject === '.6') return 'contenterror';
  if (subject === '.7') return 'securityerror';
  // A local delivery program's exit status (Diagnostic-Code: X-Unix; 75) is the mailer's failure.
  if (d.diagnosticType === 'x-unix') return 'mailererror';
  if (d.action?.startsWith('delayed') || d.action === 'expired') return 'expired';
  // RFC 5321 4.2.3: 501-504 (and 4xx alike) answer a command's syntax, not the recipient.
  if (/^[45]0[1-7]$/.test(d.reply ?? '')) return 'syntaxerror';
  return d.text.trim() ? 'onhold' : 'undefined';
}
