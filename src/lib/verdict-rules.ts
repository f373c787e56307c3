/**
 * Rules that tie a verdict to the words that justify it. Each rule reads one statement about one
 * reading of a code (a provider text's `meaning`, a decision row's `when`, a single-verdict page's
 * summary and note) and says which verdicts that statement rules out. They are deliberately
 * narrow: each looks for a phrase that settles the question, so a hit is a real contradiction.
 * Shared by the schema checks (records, variants) and the cross-check of pages against providers.
 */
import type { Verdict } from './dataset.ts';

export interface VerdictRule {
  id: string;
  /** The rule in one sentence, as it appears in error messages and the contributor guide. */
  statement: string;
  /** Does the text say what the rule looks for? Applied sentence by sentence. */
  says: (sentence: string) => boolean;
  /** Is the verdict allowed for a text that says it? */
  allows: (verdict: Verdict) => boolean;
}

const ABOUT_SENDER = /\b(sender'?s?|sending|your own|MAIL FROM|envelope sender|from address)\b/i;
// "may still exist", "whether it exists" and questions are not statements that the address is gone.
const HEDGED = /\b(may|might|could|whether|if|unless|only when|only if|not because)\b/i;

export const VERDICT_RULES: VerdictRule[] = [
  {
    id: 'address-dead',
    statement: 'A text that says the recipient address, mailbox or account does not exist (or is dead) means suppress.',
    says: (s) =>
      /\b(address|mailbox|account|recipient|user)\b[^.;:]*?\b(does not exist|doesn't exist|no longer exists|is dead)\b/i.test(
        s,
      ) &&
      !ABOUT_SENDER.test(s) &&
      !HEDGED.test(s),
    allows: (v) => v === 'suppress',
  },
  {
    id: 'keep-address',
    statement: 'A text that says to keep the address, or that the address is not the problem, cannot mean suppress.',
    says: (s) =>
      /\bkeep the (recipient'?s? )?address\b|\bnot (a problem with|about) the (recipient )?address\b|\bthe (recipient )?address is (fine|not the problem|not in doubt)\b/i.test(
        s,
      ) && !HEDGED.test(s),
    allows: (v) => v !== 'suppress',
  },
  {
    id: 'recipient-side-fix',
    statement:
      "A text that says only the recipient's administrator can fix the fault cannot mean fix-sender: the sender cannot fix it.",
    says: (s) =>
      /\bfixable only by the recipient|\bonly the recipient'?s? (domain'?s? )?(admin|administrator)s? can fix\b|\bthe recipient'?s? (domain'?s? )?(admin|administrator)s? (has to|have to|needs to|need to|must) fix\b/i.test(
        s,
      ),
    allows: (v) => v !== 'fix-sender',
  },
  {
    id: 'retry-over',
    statement: 'A text that says retrying is over or cannot help cannot mean retry.',
    says: (s) =>
      /\bretr(y|ying|ies) (is|are) (already )?(over|used up)\b|\bretrying (will not|won't|does not|doesn't|cannot|can't) help\b|\bwill not be retried\b|\bgave up retrying\b|\bthe queue gave up\b/i.test(
        s,
      ),
    allows: (v) => v !== 'retry',
  },
  {
    id: 'sender-domain-dns',
    statement: "A text that says the sender's own domain does not resolve or is not found in DNS means fix-sender.",
    says: (s) =>
      /\b(sender'?s?|sending|your( own)?|MAIL FROM|envelope sender'?s?) (address'?s? )?domain\b[^.;]*\b(does not resolve|doesn't resolve|not found|is not found|has no (DNS|MX|address) records?|could not be resolved|cannot be resolved|does not exist)\b/i.test(
        s,
      ) && !HEDGED.test(s),
    allows: (v) => v === 'fix-sender',
  },
];

/** Sentences of a piece of prose (split on ., ; and line breaks; quotes kept whole enough). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.;!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Rules the text breaks with this verdict: "rule-id: statement (sentence)". */
export function verdictContradictions(text: string, verdict: Verdict): string[] {
  const out: string[] = [];
  for (const s of sentences(text))
    for (const rule of VERDICT_RULES)
      if (rule.says(s) && !rule.allows(verdict))
        out.push(`verdict "${verdict}" contradicts its own words (${rule.id}: ${rule.statement}) in: "${s}"`);
  return out;
}

/**
 * A single-verdict page whose note makes the action conditional ("suppress only if …", "unless the
 * text says …", "when the text names …") has more than one reading: it needs a decision table instead.
 */
export const CONDITIONAL_NOTE = /\b(only (if|when)|unless|(if|when) (the|a|its) (text|reply|enhanced code|bounce))\b/i;
