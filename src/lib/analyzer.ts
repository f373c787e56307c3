/**
 * The bounce analyzer: finds every failure in pasted text (a reply line, a multi-line reply, a
 * whole bounce email, an NDR, a log) and says what each one means and what to do. Pure and
 * linear in the input: it runs in the browser (/analyze/) and in the command line (bin/analyze.ts).
 *
 * Order of evidence: a provider's own wording (variant) beats the enhanced code, which beats the
 * reply code; words decide when a reply code alone is ambiguous (550 "User unknown" vs 550
 * "blocked using Spamhaus"), and give an inferred code when the text has no code at all.
 */
import type { Verdict } from './dataset.ts';
import { RETRY_SCHEDULE as RETRY } from './verdicts.ts';
import { variantHome } from './variants.ts';
import { createMatcher, type VariantMatcher } from './matcher.ts';

export interface KnownCode {
  title: string;
  verdict?: Verdict;
}

export interface KnownVariant {
  id: string;
  provider: string;
  providerName: string;
  reply?: string;
  enhanced?: string;
  pattern: string;
  verdict: Verdict;
  meaning: string;
  differsFromRegistry?: string;
  /** The provider's kind and hosted domains: they decide between providers that send the same text. */
  kind?: string;
  domains?: string[];
}

/** What the analyzer knows: the documented codes and the provider variants. */
export interface AnalyzerKnowledge {
  codes: Record<string, KnownCode>;
  variants: KnownVariant[];
}

export interface Evidence {
  start: number;
  end: number;
  why: string;
}

export type Shape = 'dsn' | 'reply' | 'text';

export interface Finding {
  /** The failing recipient, when the bounce names it. */
  recipient?: string;
  replyCode?: string;
  enhancedCode?: string;
  /** True when enhancedCode was inferred from words because the text had no code. */
  inferred: boolean;
  verdict: Verdict;
  /** Only for retry: how to retry and when to give up. */
  retry?: { schedule: string; giveUp: string };
  /** home: the code page that explains this text (its anchor is the variant id), if documented. */
  variant?: { id: string; provider: string; providerName: string; meaning: string; home?: string };
  /** The text this finding was read from (a diagnostic, a reply, a line); evidence points into it. */
  text: string;
  evidence: Evidence[];
  warnings: string[];
  /** Where it came from: a delivery status notification, a reply line, or plain words. */
  shape: Shape;
  action?: string;
  remoteMta?: string;
  /** 1-based line of the input where it starts. */
  line: number;
}

export interface Analysis {
  findings: Finding[];
  /** True when the input was longer than the analyzer reads and was cut. */
  truncated: boolean;
}

/** Longest input read; more is cut (and reported) so no paste can stall the page. */
export const MAX_INPUT = 4 * 1024 * 1024;
const MAX_FINDINGS = 20_000;
const MAX_TEXT = 2000;

// Words that identify a failure when there is no code, and decide an ambiguous reply code.
// Registry meanings; first match wins, so specific phrases come before general ones.
const RULES: { re: RegExp; code: string; why: string; permanent?: string }[] = [
  {
    re: /retry timeout exceeded|delivery time expired|message expired|expired in queue|could not be delivered for \d+ (?:days|hours)|undelivered for \d+ days/i,
    code: '4.4.7',
    why: 'the sending server gave up after retrying',
  },
  {
    re: /too many hops|mail loop|routing loop|hop count exceeded|mail for .{1,80} loops back to myself/i,
    code: '5.4.6',
    why: 'a mail loop',
  },
  {
    re: /temporary failure in name resolution|name service error.{0,120}try again|host not found, try again|dns (?:lookup|resolution) (?:failed|timed out) temporarily|temporary dns/i,
    code: '4.4.3',
    why: 'a temporary DNS failure',
  },
  {
    re: /unroute?able sender|sender address (?:rejected|does not exist)|sender verify failed|sender domain (?:does not exist|not found|must exist)|domain of sender address|sender address domain/i,
    code: '5.1.8',
    why: 'the sender address was refused',
  },
  {
    re: /host or domain name not found|domain (?:name )?(?:does not exist|not found)|unrouteable (?:mail )?(?:address|domain)|no mx (?:record|host)s?|nxdomain|all relevant mx records point to non-existent hosts|all host address lookups failed permanently|recipient domain .{0,40}not found/i,
    code: '5.1.2',
    why: 'the recipient domain does not exist',
  },
  {
    re: /connection timed out|timed out while connecting|connect(?:ion)? to .{1,120}(?:timed out|refused)|connection refused|no route to host|network is unreachable|could not connect|unable to connect|did not accept our requests to connect|\d: timed out\]/i,
    code: '4.4.1',
    why: 'the receiving server could not be reached',
  },
  {
    re: /lost connection|connection (?:dropped|reset|closed)|conversation with .{1,120} timed out|unexpected end of file|broken pipe/i,
    code: '4.4.2',
    why: 'the connection broke off',
  },
  {
    re: /greylisted|graylisted|greylisting in (?:action|effect)|you are being greylisted/i,
    code: '4.2.0',
    why: 'greylisting',
  },
  {
    re: /mailbox (?:is )?full|over ?quota|quota exceeded|exceeded (?:the )?storage|out of storage|mailbox size limit|insufficient (?:disk )?space|storage allocation/i,
    code: '4.2.2',
    permanent: '5.2.2',
    why: 'the mailbox is full',
  },
  { re: /too many recipients/i, code: '4.5.3', why: 'too many recipients' },
  {
    re: /message (?:size )?(?:exceeds|too (?:large|big))|message is too (?:large|big)|size limit|too large for this|exceeded .{0,30}message size/i,
    code: '5.3.4',
    why: 'the message is too large',
  },
  {
    re: /deactivated mailbox|mailbox (?:has been )?deactivated|account (?:has been |is )?(?:disabled|inactive|suspended|deactivated|locked)|mailbox (?:is )?(?:disabled|inactive|suspended)|user (?:account )?(?:is )?(?:disabled|inactive|suspended)|inactive (?:email )?address|no longer (?:valid|active|in use)|mailbox (?:has )?moved/i,
    code: '5.2.1',
    why: 'the account is disabled or gone',
  },
  {
    re: /user unknown|unknown user|no such (?:user|mailbox|recipient|address)|user(?:name)? (?:does not|doesn't) exist|(?:recipient|address|mailbox|account|user) (?:address )?(?:does not|doesn't) exist|recipient not found|mailbox not found|mailbox unavailable|invalid (?:recipient|mailbox)|unknown (?:recipient|local part|mailbox)|recipient address rejected: (?:user unknown|access denied)|not our customer|undeliverable address|address rejected|not a (?:registered|valid|known) (?:[a-z]+ )?(?:user|recipient|mailbox|address)/i,
    code: '5.1.1',
    why: 'the mailbox does not exist',
  },
  {
    re: /header (?:error|syntax)|invalid header|malformed (?:message|header|mime)|duplicate header|missing (?:a valid )?(?:message-id|from:? header)|rfc ?5322|virus|malware|infected|attachment (?:type )?(?:not allowed|blocked|rejected)|content (?:rejected|not accepted)/i,
    code: '5.6.0',
    why: 'the message content or format was refused',
  },
  {
    re: /relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)|unable to relay|not permitted to relay|relay not permitted/i,
    code: '5.7.1',
    why: 'relaying was refused',
  },
  {
    re: /reverse dns|\bptr (?:resource )?record|dns ptr|\brdns\b|cannot find your (?:reverse )?hostname|no ptr/i,
    code: '5.7.25',
    why: 'reverse DNS',
  },
  {
    re: /\bspf\b.{0,60}(?:fail|not pass|did not pass|violation|prohibited|error)|prohibited by spf|spf (?:check|validation)? ?failed/i,
    code: '5.7.23',
    why: 'SPF',
  },
  {
    re: /\bdmarc\b.{0,60}(?:fail|policy|not pass|reject)|(?:fail|reject)\w* .{0,30}\bdmarc\b/i,
    code: '5.7.26',
    why: 'DMARC',
  },
  {
    re: /\bdkim\b.{0,60}(?:fail|not pass|invalid|missing|no valid)|no (?:passing |valid )?dkim/i,
    code: '5.7.20',
    why: 'DKIM',
  },
  {
    re: /\bspam\b|blocked|block ?list|black ?list|blacklisted|listed (?:at|on|in)|spamhaus|barracuda|reputation|rejected for policy|policy (?:violation|reasons)|banned|denied by policy/i,
    code: '5.7.1',
    why: 'a policy or spam block',
  },
];

const ADDRESS_DEAD = RULES.find((r) => r.code === '5.1.1')!;
const PERMANENT = /failed permanently|permanent (?:error|failure|fatal)|this is a permanent/i;
const NO_RETRY =
  /retrying will not succeed|will not succeed|do not retry|permanently (?:deferred|rejected|blocked)|will be permanently/i;

// A reply code where a reply starts: at the start of a line (after quotes, "smtp;", "#"…) or
// after words that introduce one ("said:", "returned '", "error:").
// Reply codes are 2xx, 4xx, 5xx and the three real 3xx replies (334, 354, 355): "308" in a log is a pid.
const CODE = '(?:[245][0-9]{2}|3(?:34|54|55))';
const REPLY_START = new RegExp(
  `^[\\s>'"([<#*]*(?:(?:smtp|x-postfix|x-unix|mailbox);\\s*)?(?:remote server returned\\s*')?['"#]*(${CODE})([ -]|$)`,
  'i',
);
// After words or keys that introduce a reply: "said:", "refused to talk to me:", "]:", JSON "code": …
const REPLY_AFTER = new RegExp(
  `(?:smtp;|said:|reason:|returned|was:|error:|reply:|response[:=]|answered:|talk to me:|got data|from remote:|fatalerror -|code [\\w ]{0,20}"|\\]:|>:|<<<|c="|host \\S+ (?:said|replied):?|["']?(?:code|smtp_?code|reply_?code|status(?:_?code)?|reason|response|smtp_?response|error|message|description|diagnostic_?code)["']?\\s*(?:=>|[:=])\\s*["']?(?:smtp;\\s*)?)\\s*['"(#]?\\s*(${CODE})(["' ,-]|$)`,
  'i',
);
/** A reply code followed by an enhanced code, anywhere: the surest sign of a reply. */
const REPLY_ENHANCED = new RegExp(`(?<![0-9A-Za-z.])(${CODE})([ -])[245]\\.[0-9]{1,3}\\.[0-9]{1,3}(?![0-9]|\\.[0-9])`);
const ENHANCED_AT = /^\s*(?:#\s*)?(?:[2-5][0-9]{2}[ -])?(?:[a-z_]{1,12}\s+)?([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9.])/;
const ENHANCED_FIELD =
  /(?:dsn=|(?:status|error|reason|enhanced_?code|diagnostic_?code)["']?\s*(?:=>|[:=])\s*["']?(?:smtp;\s*)?|#)([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9.])/i;
/** "550-5.1.1 " or "550 " tokens that wrapped replies repeat inside the text. */
const INNER_CODES = /(?<![0-9A-Za-z.])(?:[245][0-9]{2})[ -](?:[245]\.[0-9]{1,3}\.[0-9]{1,3}(?![0-9])\s?)?/g;
/** An enhanced code opening a line ("5.7.708 Service unavailable"); counted only with failure words. */
const LEAD_ENHANCED = /^\s*["'([]?([245]\.[0-9]{1,3}\.[0-9]{1,3})\s+[A-Za-z]/;
const FAILURE_WORDS =
  /unavailable|denied|reject|refused|fail|error|invalid|unknown|blocked|exceeded|not (?:found|allowed|accepted|permitted)|temporar|try again|does not exist|disabled|full|quota/i;
const ANY_ENHANCED = /(?<![0-9.])([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9]|\.[0-9])/;
const ADDRESS = /<?([A-Za-z0-9._%+'=-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24})>?/;
// Only bounce-looking text gets codes inferred from its words; an ordinary email that says "spam" is not a bounce.
const BOUNCE_MARKERS =
  /undeliver|delivery (?:status|has )?(?:failed|failure|notification|incomplete|delayed)|returned mail|mail delivery|could not be delivered|failure notice|non-delivery|bounce|status=(?:bounced|deferred)|mailer-daemon|postmaster|delivery to the following|permanent error|temporary error|message not delivered|delivery problem/i;
const HEADER_FIELD =
  /^(?:received|arc-[a-z-]+|authentication-results|dkim-signature|x-[a-z0-9-]+|received-spf|return-path|message-id|content-[a-z-]+|mime-version|thread-[a-z]+|accept-language|content-language|references|in-reply-to):/i;
const LOG_FAILURE = /status=(?:deferred|bounced|expired|undeliverable)|\*\* |==/i;
const DSN_FIELD = /^(final-recipient|original-recipient|action|status|diagnostic-code|remote-mta)\s*:\s*(.*)$/i;

export interface PreparedKnowledge {
  codes: Record<string, KnownCode>;
  variants: KnownVariant[];
  /** The one provider-text matcher (src/lib/matcher.ts), shared with the search page. */
  matcher: VariantMatcher<KnownVariant>;
  /** Enhanced codes some provider uses for something else, with what they use it for. */
  reused: Map<string, string[]>;
  documented: Set<string>;
}

export function prepareKnowledge(k: AnalyzerKnowledge): PreparedKnowledge {
  const reused = new Map<string, string[]>();
  for (const v of k.variants) {
    if (!v.enhanced || !v.differsFromRegistry) continue;
    const note = `${v.providerName}: ${v.differsFromRegistry}`;
    const list = reused.get(v.enhanced) ?? [];
    if (!list.includes(note)) list.push(note);
    reused.set(v.enhanced, list);
  }
  return {
    codes: k.codes,
    documented: new Set(Object.keys(k.codes)),
    variants: k.variants,
    matcher: createMatcher(k.variants),
    reused,
  };
}

interface Draft {
  reply?: string;
  enhanced?: string;
  text: string;
  line: number;
  shape: Shape;
  recipient?: string;
  action?: string;
  remoteMta?: string;
  inferred?: boolean;
}

function classVerdict(code: string): Verdict {
  const [cls, subject] = code.split('.');
  if (cls[0] === '2' || cls[0] === '3') return 'none';
  if (cls[0] === '4') return 'retry';
  if (subject === '1') return 'suppress';
  if (subject === '3' || subject === '6') return 'fix-message';
  return 'fix-sender';
}

function span(text: string, re: RegExp, why: string): Evidence | undefined {
  const m = re.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, why } : undefined;
}

function finish(d: Draft, k: PreparedKnowledge): Finding {
  const text = d.text.length > MAX_TEXT ? d.text.slice(0, MAX_TEXT) : d.text;
  const evidence: Evidence[] = [];
  const warnings: string[] = [];
  const codeSpan = (code: string | undefined, why: string) => {
    if (!code) return;
    const at = text.indexOf(code);
    if (at >= 0) evidence.push({ start: at, end: at + code.length, why });
  };
  codeSpan(d.reply, 'reply code');
  codeSpan(d.enhanced && !d.inferred ? d.enhanced : undefined, 'enhanced code');

  const matched = k.matcher.match(text, { reply: d.reply, enhanced: d.enhanced, domain: d.recipient?.split('@')[1] });
  const variant = matched?.variant;
  if (matched)
    evidence.push({ start: matched.start, end: matched.end, why: `${matched.variant.providerName}'s wording` });
  // Words matter where the codes leave the meaning open: no enhanced code (a bare "550"), an
  // "other or undefined" code (detail 0: 5.0.0, 5.7.0, 4.4.0 …), or no code at all.
  const vague = !d.enhanced || d.inferred || /\.0$/.test(d.enhanced);
  const cls = (d.reply ?? d.enhanced ?? '5')[0];
  let rule = !variant && vague && cls !== '2' ? RULES.find((r) => r.re.test(text)) : undefined;
  // Some servers answer an unknown user with a policy code ("550 5.7.1 No such user"): the words win.
  if (!rule && !variant && cls === '5' && d.enhanced?.startsWith('5.7.') && ADDRESS_DEAD.re.test(text))
    rule = ADDRESS_DEAD;
  let verdict: Verdict;
  if (variant) verdict = variant.verdict;
  else if (rule && !d.inferred) {
    // The words say whether the address or the sender is at fault; the class says how final.
    const ruleCode = cls === '4' ? `4${rule.code.slice(1)}` : rule.code;
    verdict = k.codes[ruleCode]?.verdict ?? k.codes[rule.code]?.verdict ?? classVerdict(ruleCode);
  } else if (d.shape !== 'dsn' && d.enhanced && d.reply && d.reply[0] !== d.enhanced[0] && d.reply[0] !== '3') {
    // The parts disagree (550 4.7.1): senders act on the reply code, so read the enhanced code in its
    // class. In a DSN the reporting server's Status already says how it treated the reply.
    const recast = `${d.reply[0]}${d.enhanced.slice(1)}`;
    verdict = k.codes[recast]?.verdict ?? classVerdict(recast);
  } else if (d.enhanced && k.codes[d.enhanced]?.verdict) verdict = k.codes[d.enhanced].verdict!;
  else if (d.reply && k.codes[d.reply]?.verdict) verdict = k.codes[d.reply].verdict!;
  else verdict = classVerdict(d.enhanced ?? d.reply ?? '5');
  if (rule) {
    const e = span(text, rule.re, rule.why);
    if (e) evidence.push(e);
  }

  if (d.reply && d.enhanced && d.reply[0] !== d.enhanced[0] && d.reply[0] !== '3') {
    warnings.push(
      `The reply code ${d.reply} is ${d.reply[0] === '4' ? 'temporary' : d.reply[0] === '5' ? 'permanent' : 'a success'} but the enhanced code ${d.enhanced} is ${d.enhanced[0] === '4' ? 'temporary' : d.enhanced[0] === '5' ? 'permanent' : 'a success'}: the server contradicts itself. Senders act on the reply code; read the text.`,
    );
  }
  if (variant?.differsFromRegistry)
    warnings.push(
      `${variant.providerName} uses ${variant.enhanced ?? variant.reply} differently from the registry: ${variant.differsFromRegistry}`,
    );
  else if (d.enhanced && !variant && k.reused.has(d.enhanced))
    warnings.push(
      `Some providers use ${d.enhanced} for something other than its registry meaning (${k.reused.get(d.enhanced)!.join(' ')}). Read the text to see which is meant.`,
    );
  const isTemporary = (d.reply ?? d.enhanced ?? '')[0] === '4';
  if (isTemporary) {
    const e = span(text, NO_RETRY, 'says retrying will not help');
    if (e) {
      evidence.push(e);
      warnings.push(
        'The code is temporary (4xx) but the text says retrying will not succeed: treat it as a block on the sender, not as a delay.',
      );
      if (verdict === 'retry') verdict = 'fix-sender';
    }
  }
  evidence.sort((a, b) => a.start - b.start);
  return {
    recipient: d.recipient,
    replyCode: d.reply,
    enhancedCode: d.enhanced,
    inferred: d.inferred ?? false,
    verdict,
    retry: verdict === 'retry' ? RETRY : undefined,
    variant: variant
      ? {
          id: variant.id,
          provider: variant.provider,
          providerName: variant.providerName,
          meaning: variant.meaning,
          home: variantHome(variant, k.documented),
        }
      : undefined,
    text,
    evidence,
    warnings,
    shape: d.shape,
    action: d.action,
    remoteMta: d.remoteMta,
    line: d.line,
  };
}

/** Strip the type prefix of a DSN field value ("rfc822; a@b", "smtp; 550 …", "dns; mx.example"). */
const fieldValue = (v: string) => v.replace(/^\s*[a-z0-9-]+\s*;\s*/i, '').trim();

/** RFC 3464 per-recipient blocks, with folded lines unfolded. Returns [] when there are none. */
type DsnGroup = Draft & { status?: string; hasRecipient?: boolean };

function parseDsn(lines: string[]): Draft[] {
  // RFC 3464: each recipient's fields form one block, blocks separated by a blank line; the fields
  // inside a block come in any order. A second Final-Recipient also starts a new block.
  const groups: DsnGroup[] = [];
  let cur: DsnGroup | undefined;
  let lastField: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) {
      cur = undefined;
      lastField = undefined;
      continue;
    }
    if (lastField === 'diagnostic-code' && cur && /^[ \t]+\S/.test(line)) {
      cur.text += ` ${line.trim()}`;
      continue;
    }
    const m = DSN_FIELD.exec(line);
    lastField = m?.[1].toLowerCase();
    if (!m) continue;
    const field = m[1].toLowerCase();
    const value = m[2];
    if (!cur || (field === 'final-recipient' && cur.hasRecipient)) {
      cur = { text: '', line: i + 1, shape: 'dsn' };
      groups.push(cur);
    }
    if (field === 'final-recipient' || field === 'original-recipient') {
      if (field === 'final-recipient' || !cur.recipient) cur.recipient = ADDRESS.exec(value)?.[1] ?? fieldValue(value);
      if (field === 'final-recipient') cur.hasRecipient = true;
    } else if (field === 'action') cur.action = value.trim().toLowerCase();
    else if (field === 'status') cur.status = ANY_ENHANCED.exec(value)?.[1];
    else if (field === 'remote-mta') cur.remoteMta = fieldValue(value);
    else if (field === 'diagnostic-code') cur.text = fieldValue(value);
  }
  const out: Draft[] = [];
  // The human-readable part before the report often says in words what a bare Status: 5.0.0 does not.
  const firstField = lines.findIndex((l) => DSN_FIELD.test(l));
  const human = firstField > 0 ? lines.slice(0, firstField) : [];
  const humanReply = parseReplies(human)[0];
  const humanLine = human.find((l) => !/^[A-Za-z-]+:\s/.test(l) && RULES.some((r) => r.re.test(l)));
  for (const g of groups) {
    if (!g.status && !g.text && !g.action) continue; // the per-message block (Reporting-MTA …)
    if (g.action && !/^(failed|delayed)/.test(g.action)) continue; // delivered, relayed, expanded: not failures
    if (!g.text && humanReply) {
      g.text = humanReply.text;
      g.reply = humanReply.reply;
    }
    // A folded multi-line reply repeats its "550-5.1.1" prefix: keep the first, drop the rest.
    g.text = g.text.replace(
      /(?<=\S)\s+[2-5][0-9]{2}(?:-(?:[245]\.[0-9]{1,3}\.[0-9]{1,3}\s)?| [245]\.[0-9]{1,3}\.[0-9]{1,3}\s)/g,
      ' ',
    );
    g.reply ??= REPLY_START.exec(g.text)?.[1];
    const inText = ANY_ENHANCED.exec(g.text)?.[1];
    g.enhanced = g.status ?? inText;
    if (!g.text) g.text = humanLine?.trim() || [g.action, g.status].filter(Boolean).join(' ');
    if (!g.enhanced && !g.reply) {
      const rule = RULES.find((r) => r.re.test(g.text));
      if (!rule) continue;
      g.enhanced = rule.code;
      g.inferred = true;
    }
    out.push(g);
  }
  return out;
}

/** Reply lines anywhere in the text: one draft per reply, continuation lines (550-…) joined. */
function parseReplies(lines: string[]): Draft[] {
  const out: Draft[] = [];
  let open: Draft | undefined; // the last reply, which may go on in wrapped or 550- lines
  let multi = false; // the open reply ended its line with "550-": more lines of it follow
  let lastAddress: string | undefined;
  for (let i = 0; i < lines.length && out.length < MAX_FINDINGS; i++) {
    const line = lines[i].length > MAX_TEXT * 4 ? lines[i].slice(0, MAX_TEXT * 4) : lines[i];
    // Where the reply starts: at the line start, before an enhanced code, or after an introducer.
    const m = REPLY_START.exec(line) ?? REPLY_ENHANCED.exec(line) ?? REPLY_AFTER.exec(line);
    const start = m ? m.index + m[0].lastIndexOf(m[1], m[0].length - m[2].length) + m[1].length + (m[2] ? 1 : 0) : -1;
    if (m && open && multi && open.reply === m[1] && start >= 0) {
      // Continuation of a multi-line reply ("550-5.1.1 …" then "550 5.1.1 …"), also when a wrapping
      // MTA put the codes in mid-line ("Please try 550-5.1.1"): keep the words, drop the repeated codes.
      open.enhanced ??= ANY_ENHANCED.exec(line)?.[1];
      open.text += ` ${line
        .replace(INNER_CODES, ' ')
        .replace(/^[\s>'"]+/, '')
        .replace(/\s+/g, ' ')
        .trim()}`;
      multi = m[2] === '-' || INNER_CODES.test(line.slice(-12));
      if (!multi) open = undefined;
      continue;
    }
    // A wrapped line of the same reply: indented, or (hard-wrapped notices) going on in lower case
    // after a line that stopped mid-sentence.
    if (open && !m && (/^[ \t]+\S/.test(line) || (/^[a-z]/.test(line) && !/[.)\]>!?]\s*$/.test(open.text)))) {
      open.text += ` ${line.trim()}`;
      continue;
    }
    open = undefined;
    if (m) {
      const rest = line.slice(start);
      const enhanced = ENHANCED_AT.exec(rest)?.[1] ?? ENHANCED_FIELD.exec(line)?.[1];
      const address = ADDRESS.exec(line)?.[1] ?? lastAddress;
      const draft: Draft = {
        reply: m[1],
        enhanced,
        text: line.trim(),
        line: i + 1,
        shape: 'reply',
        recipient: address,
      };
      out.push(draft);
      open = draft;
      multi = m[2] === '-';
      continue;
    }
    const lead = LEAD_ENHANCED.exec(line);
    const field = ENHANCED_FIELD.exec(line) ?? (lead && FAILURE_WORDS.test(line) ? lead : null);
    if (field) {
      out.push({
        enhanced: field[1],
        text: line.trim(),
        line: i + 1,
        shape: 'reply',
        recipient: ADDRESS.exec(line)?.[1] ?? lastAddress,
      });
      continue;
    }
    const addr = ADDRESS.exec(line);
    if (addr) lastAddress = addr[1];
  }
  return out;
}

/**
 * Code-less failures, one per line that says what went wrong. `only` limits it to some lines
 * (in a log that also has coded replies: the log lines of failed deliveries without a code).
 */
function inferFromWords(lines: string[], text: string, only?: (line: string, index: number) => boolean): Draft[] {
  const out: Draft[] = [];
  if (!only && lines.length > 5 && !BOUNCE_MARKERS.test(text.slice(0, 20_000))) return out;
  // An email's own header block (trace and authentication fields) is never the failure.
  let body = 0;
  if (/^[A-Za-z][A-Za-z0-9-]*:\s/.test(lines[0] ?? '') && lines.length > 5)
    body = Math.max(
      0,
      lines.findIndex((l) => !l.trim()),
    );
  for (let i = body; i < lines.length && out.length < MAX_FINDINGS; i++) {
    if (only && !only(lines[i], i)) continue;
    if (HEADER_FIELD.test(lines[i])) continue;
    // Join the indented lines that wrap this one ("Connection timed\n    out").
    let line = lines[i].length > MAX_TEXT ? lines[i].slice(0, MAX_TEXT) : lines[i];
    for (let j = i + 1; j < lines.length && j <= i + 3 && /^[ \t]+\S/.test(lines[j]) && line.length < MAX_TEXT; j++)
      line += ` ${lines[j].trim()}`;
    const rule = RULES.find((r) => r.re.test(line));
    if (!rule) continue;
    // Only a full mailbox reads either way; the notice says which.
    const code = rule.permanent && PERMANENT.test(text) ? rule.permanent : rule.code;
    out.push({
      enhanced: code,
      inferred: true,
      text: line.trim(),
      line: i + 1,
      shape: 'text',
      recipient: ADDRESS.exec(line)?.[1],
    });
  }
  return out;
}

/** A lone "status: 5.1.1" field next to the reply it belongs to (webhook JSON, logs) joins that reply. */
function mergeFields(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const prev = out[out.length - 1];
    const loneField = (x: Draft) => !x.reply && x.enhanced !== undefined;
    const bareCode = (x: Draft) => !x.enhanced && !/[A-Za-z]{3}/.test(x.text.slice(x.text.indexOf(x.reply ?? '') + 3));
    // Only pieces of one failure: close together and not naming two different recipients.
    if (
      prev &&
      Math.abs(d.line - prev.line) <= 5 &&
      (!d.recipient || !prev.recipient || d.recipient === prev.recipient)
    ) {
      if (d.reply && d.reply === prev.reply && bareCode(d)) continue; // "smtpResponseCode": 535 beside its reply
      if (loneField(d) && prev.reply && (!prev.enhanced || prev.enhanced === d.enhanced)) {
        prev.enhanced = d.enhanced;
        prev.text += ` ${d.text}`;
        continue;
      }
      if (loneField(prev) && d.reply && (!d.enhanced || d.enhanced === prev.enhanced)) {
        out[out.length - 1] = {
          ...d,
          enhanced: prev.enhanced,
          text: `${prev.text} ${d.text}`,
          recipient: d.recipient ?? prev.recipient,
        };
        continue;
      }
    }
    out.push(d);
  }
  return out;
}

/**
 * The same failure quoted twice (a webhook's "error" and "smtpResponse", a log and its summary, a
 * notice that says "mailbox full" in two sentences) is one finding: compare what follows the code.
 */
function dedupe(drafts: Draft[]): Draft[] {
  const seen = new Set<string>();
  return drafts.filter((d) => {
    const at = d.reply ? d.text.indexOf(d.reply) : -1;
    const core = d.inferred
      ? ''
      : (at >= 0 ? d.text.slice(at) : d.text)
          .replace(/[^A-Za-z0-9]+/g, ' ')
          .trim()
          .slice(0, 60);
    const key = `${d.recipient ?? ''}|${d.reply ?? ''}|${d.enhanced ?? ''}|${core}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What the analyzer needs from the dataset: code titles and verdicts, and the provider variants. */
export function buildKnowledge(
  pages: { code: string; title: string; verdict?: Verdict }[],
  providers: {
    id: string;
    name: string;
    kind?: string;
    domains?: string[];
    variants: Omit<KnownVariant, 'provider' | 'providerName' | 'kind' | 'domains'>[];
  }[],
): AnalyzerKnowledge {
  return {
    codes: Object.fromEntries(pages.map((p) => [p.code, { title: p.title, verdict: p.verdict }])),
    variants: providers.flatMap((p) =>
      p.variants.map((v) => ({
        id: v.id,
        provider: p.id,
        providerName: p.name,
        reply: v.reply,
        enhanced: v.enhanced,
        pattern: v.pattern,
        verdict: v.verdict,
        meaning: v.meaning,
        differsFromRegistry: v.differsFromRegistry,
        kind: p.kind,
        domains: p.domains?.length ? p.domains : undefined,
      })),
    ),
  };
}

/** Undo quoted-printable soft line breaks and =XX escapes, which split words in many bounce emails. */
function decodeQuotedPrintable(text: string): string {
  if (!/=\r?\n/.test(text) || !(/quoted-printable/i.test(text) || /=(?:20|3D)/.test(text))) return text;
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => {
    const c = parseInt(h, 16);
    return c >= 32 && c < 127 ? String.fromCharCode(c) : c === 9 ? '\t' : `=${h}`;
  });
}

export interface AnalyzeOptions {
  /**
   * The text is a piece of a mail log (the command line streams logs in pieces): code-less
   * failures are read from log failure lines only, whatever else the piece holds, so a line's
   * findings never depend on where the pieces were cut.
   */
  log?: boolean;
}

export function analyze(input: string, k: PreparedKnowledge, options: AnalyzeOptions = {}): Analysis {
  const truncated = input.length > MAX_INPUT;
  const text = decodeQuotedPrintable(truncated ? input.slice(0, MAX_INPUT) : input);
  const lines = text.split(/\r\n|\r|\n/);
  // A delivery status report speaks for itself: when it has per-recipient blocks, they decide,
  // even when none failed (a report of successful delivery is not a bounce).
  const dsn = lines.some((l) =>
    /^(?:final-recipient\s*:|action\s*:\s*(?:failed|delayed|delivered|relayed|expanded|deliverable))/i.test(l),
  );
  let drafts = dsn ? parseDsn(lines) : mergeFields(parseReplies(lines));
  if (dsn)
    return {
      findings: dedupe(drafts)
        .slice(0, MAX_FINDINGS)
        .map((d) => finish(d, k)),
      truncated,
    };
  if (drafts.length === 0 && !options.log) drafts = inferFromWords(lines, text);
  else if (drafts.length === 0 || drafts[0].shape === 'reply') {
    // A mail log mixes coded replies with code-less failures ("connect to …: Connection timed out").
    const covered = new Set(drafts.map((d) => d.line - 1));
    const extra = inferFromWords(lines, text, (line, i) => !covered.has(i) && LOG_FAILURE.test(line));
    if (extra.length) drafts = [...drafts, ...extra].sort((a, b) => a.line - b.line);
  }
  return {
    findings: dedupe(drafts)
      .slice(0, MAX_FINDINGS)
      .map((d) => finish(d, k)),
    truncated,
  };
}
