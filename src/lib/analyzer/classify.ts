/**
 * Classification: a draft's reason (sisimai's vocabulary) and our verdict. A provider's own wording
 * decides first; then a specific code; the words decide where the code is vague (5.0.0, a bare
 * 550, no code) or broad (5.7.1), so "550 5.0.0 User unknown" is a dead address, not a policy block.
 */
import type { Verdict } from '../dataset.ts';
import type { PreparedKnowledge, PreparedVariant } from './knowledge.ts';
import { matchProviderText } from './provider-text.ts';
import { classifyReason, findLabel, overturnsCode, reasonFromCode, wordsReason, type FoundLabel } from './reason.ts';
import { ruleOf, type WordRule } from './rules.ts';
import type { Draft, Evidence } from './types.ts';

export interface Classified {
  variant?: PreparedVariant;
  /** Where the provider's wording sits in the text. */
  wording?: Evidence;
  /** The word rule that decided (or explains) a vague code. */
  rule?: WordRule;
  /** The provider's rule label that decided the reason. */
  label?: FoundLabel;
  reason: string;
  verdict: Verdict;
}

/** What our users should do about each reason when the code alone does not say. */
const REASON_VERDICT: Record<string, Verdict> = {};
const table: [string, Verdict][] = [
  ['userunknown hostunknown hasmoved suppressed notaccept suspend', 'suppress'],
  ['mailboxfull expired networkerror systemerror systemfull mailererror toomanyconn speeding', 'retry'],
  ['mesgtoobig emailtoolarge exceedlimit contenterror notcompliantrfc virusdetected spamdetected', 'fix-message'],
  [
    'filtered policyviolation blocked rejected authfailure requireptr badreputation norelaying securityerror syntaxerror failedstarttls',
    'fix-sender',
  ],
];
for (const [reasons, verdict] of table) for (const r of reasons.split(' ')) REASON_VERDICT[r] = verdict;

/** Our verdict for a reason on its own, when nothing else (a code, the words) says more. */
export const reasonVerdict = (reason: string): Verdict | undefined => REASON_VERDICT[reason];

export function classVerdict(code: string): Verdict {
  const [cls, subject] = code.split('.');
  if (cls[0] === '2' || cls[0] === '3') return 'none';
  if (cls[0] === '4') return 'retry';
  if (subject === '1') return 'suppress';
  if (subject === '3' || subject === '6') return 'fix-message';
  return 'fix-sender';
}

/** The verdict the codes give: the documented code's verdict, read in the reply's class. */
function codeVerdict(d: Draft, k: PreparedKnowledge): Verdict {
  if (d.shape !== 'dsn' && d.enhanced && d.reply && d.reply[0] !== d.enhanced[0] && d.reply[0] !== '3') {
    // The parts disagree (550 4.7.1): senders act on the reply code, so read the enhanced code in its
    // class. In a DSN the reporting server's Status already says how it treated the reply.
    const recast = `${d.reply[0]}${d.enhanced.slice(1)}`;
    return k.codes[recast]?.verdict ?? classVerdict(recast);
  }
  if (d.enhanced && k.codes[d.enhanced]?.verdict) return k.codes[d.enhanced].verdict!;
  if (d.reply && k.codes[d.reply]?.verdict) return k.codes[d.reply].verdict!;
  return classVerdict(d.enhanced ?? d.reply ?? '5');
}

/** Reasons that are about the recipient's mailbox, whoever the code's registry title blames. */
const MAILBOX_REASONS = new Set(['userunknown', 'suspend', 'hasmoved']);

/**
 * A code registered for the sender's side (5.7.13 "User account disabled" answers AUTH) sent in
 * answer to the recipient ("525 5.7.13 <a@b>: Recipient address rejected: User account disabled")
 * is about the recipient's account: the reason's verdict holds, not the code's.
 */
export function recipientsMailbox(reason: string, d: Pick<Draft, 'command' | 'recipient'>, text: string): boolean {
  if (!MAILBOX_REASONS.has(reason)) return false;
  if (d.command === 'RCPT') return true;
  const lower = text.toLowerCase();
  return lower.includes('recipient') || (!!d.recipient && lower.includes(d.recipient.toLowerCase()));
}

export function classify(d: Draft, text: string, k: PreparedKnowledge): Classified {
  const label = findLabel(text, k.reasons);
  const c = classifyWith(d, text, k, label);
  return label && c.reason === label.reason ? { ...c, label } : c;
}

function classifyWith(d: Draft, text: string, k: PreparedKnowledge, label: FoundLabel | undefined): Classified {
  const matched = matchProviderText(text, k, d.reply, d.enhanced, d.recipient);
  const variant = matched?.variant;
  const cls = (d.reply ?? d.enhanced ?? '5')[0];
  const reason = classifyReason({ ...d, text, inferred: d.inferred ?? false, label: label?.reason }, k.reasons);
  // Words matter where the codes leave the meaning open: no enhanced code (a bare "550"), an
  // "other or undefined" code (detail 0: 5.0.0, 5.7.0, 4.4.0 …), or no code at all.
  const vague = !d.enhanced || d.inferred || /\.0$/.test(d.enhanced);
  const rule = !variant && vague && cls !== '2' ? ruleOf(text) : undefined;
  // A provider's own wording for a dead address (Yahoo's "doesn't have a … account" at DATA) is one.
  if (matched)
    return {
      variant: matched.variant,
      wording: matched.wording,
      reason: reason === 'filtered' && matched.variant.verdict === 'suppress' ? 'userunknown' : reason,
      verdict: matched.variant.verdict,
    };
  if (cls === '2') return { reason: 'delivered', verdict: 'none' };
  const byReason = REASON_VERDICT[reason];
  // A temporary failure is retried whatever its reason; a permanent one follows what the words say.
  // So do they where the code's own page says the action depends on the text (550, 5.7.1, …).
  const page = d.enhanced && k.codes[d.enhanced] ? k.codes[d.enhanced] : d.reply ? k.codes[d.reply] : undefined;
  // A provider's rule label names the rule that refused ("RCP-P2": the recipient's preferences), so
  // it says more than the code that carries it.
  // So do words that overturn a specific code's reason (a 5.2.3 whose words say the disk quota is used up).
  const overturned = !vague && overturnsCode(reasonFromCode(d.enhanced, k.reasons), reason);
  const wordsDecide = vague || !!label || overturned || /^[45]\.7\.[01]$/.test(d.enhanced ?? '') || !!page?.depends;
  // A delayed recipient is still being retried by the reporting server. A 4xx whose page says it is
  // no failure at all (453: no mail waiting; 458: a queue run refused) is not one here either.
  if (cls === '4' || d.action?.startsWith('delayed'))
    return { rule, reason, verdict: page?.verdict === 'none' ? 'none' : 'retry' };
  // sisimai's code table files some codes under "filtered" (5.2.1): with no words that say a filter
  // refused, the code's own page decides, as it does for a reader who looks the code up.
  if (reason === 'filtered' && !label && page?.depends && !wordsReason(text, k.reasons).reason)
    return { rule, reason, verdict: codeVerdict(d, k) };
  // 5.7.13 is registered for the sender's disabled account: a mailbox reason under it is the
  // recipient's only when the reply shows it answered for the recipient ("Disabled recipient address").
  const forRecipient = recipientsMailbox(reason, d, text);
  const sendersAccount = d.enhanced === '5.7.13' && !forRecipient;
  if (byReason && !sendersAccount && (wordsDecide || forRecipient)) return { rule, reason, verdict: byReason };
  if (rule && !d.inferred) {
    // The words say whether the address or the sender is at fault; the class says how final.
    return { rule, reason, verdict: k.codes[rule.code]?.verdict ?? classVerdict(rule.code) };
  }
  return { rule, reason, verdict: codeVerdict(d, k) };
}
