/** Output: a classified draft becomes a finding with its evidence, warnings and retry advice. */
import { GAVE_UP_SCHEDULE, RESEND_SCHEDULE, RETRY_SCHEDULE, replyClass } from '../verdicts.ts';
import { variantHome } from '../variants.ts';
import type { PreparedKnowledge } from './knowledge.ts';
import { NO_RETRY, remoteHostIn } from './patterns.ts';
import { classify, type Classified } from './classify.ts';
import { MAX_TEXT, type Draft, type Evidence, type Finding } from './types.ts';

function span(text: string, re: RegExp, why: string): Evidence | undefined {
  const m = re.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, why } : undefined;
}

const classWord = (c: string) => (c === '4' ? 'temporary' : c === '5' ? 'permanent' : 'a success');

/** Where the codes, the provider's wording and the deciding words sit in the text. */
function evidenceOf(d: Draft, text: string, c: Classified): Evidence[] {
  const evidence: Evidence[] = [];
  const codeSpan = (code: string | undefined, why: string) => {
    const at = code ? text.indexOf(code) : -1;
    if (code && at >= 0) evidence.push({ start: at, end: at + code.length, why });
  };
  codeSpan(d.reply, 'reply code');
  codeSpan(d.enhanced && !d.inferred ? d.enhanced : undefined, 'enhanced code');
  if (c.wording) evidence.push(c.wording);
  if (c.label)
    evidence.push({
      start: c.label.start,
      end: c.label.end,
      why: `${c.label.name} rule ${c.label.code}: ${c.label.reason}`,
    });
  const at = c.rule?.find(text);
  const words = at && { ...at, why: c.rule!.why };
  if (words) evidence.push(words);
  return evidence;
}

/** The warning for an enhanced code some providers reuse, made once per code (a log repeats it per line). */
const reusedWarnings = new WeakMap<PreparedKnowledge, Map<string, string>>();
function reusedWarning(code: string, k: PreparedKnowledge): string {
  let byCode = reusedWarnings.get(k);
  if (!byCode) reusedWarnings.set(k, (byCode = new Map()));
  let warning = byCode.get(code);
  if (warning === undefined) {
    warning = `Some providers use ${code} for something other than its registry meaning (${k.reused.get(code)!.join(' ')}). Read the text to see which is meant.`;
    byCode.set(code, warning);
  }
  return warning;
}

/** For a failure inferred from words that give no reason: its verdict is the class's default. */
export const NO_REASON_WARNING =
  'This text says the delivery failed but gives no code and no reason, so the verdict is only a guess. If you pasted part of a bounce, paste all of it: its delivery report or the quoted server reply (a line such as "550 5.1.1 …") usually says why. Until you know, keep the address.';

/** Warnings where the parts disagree or a code means something else at some providers. */
function warningsOf(d: Draft, c: Classified, k: PreparedKnowledge): string[] {
  const warnings: string[] = [];
  if (d.reply && d.enhanced && d.reply[0] !== d.enhanced[0] && d.reply[0] !== '3')
    warnings.push(
      `The reply code ${d.reply} is ${classWord(d.reply[0])} but the enhanced code ${d.enhanced} is ${classWord(d.enhanced[0])}: the server contradicts itself. Senders act on the reply code; read the text.`,
    );
  if (c.variant?.differsFromRegistry)
    warnings.push(
      `${c.variant.providerName} uses ${c.variant.enhanced ?? c.variant.reply} differently from the registry: ${c.variant.differsFromRegistry}`,
    );
  else if (d.enhanced && !c.variant && k.reused.has(d.enhanced)) warnings.push(reusedWarning(d.enhanced, k));
  // Words that say a delivery failed and nothing more ("Delivery to the following recipients
  // failed."): the code is made up from them and the verdict is its class's default, not a reading.
  if (d.inferred && c.reason === 'onhold') warnings.push(NO_REASON_WARNING);
  return warnings;
}

/**
 * Why a temporary failure will not clear by waiting, if it will not: a refusal for the sending
 * server's reverse DNS name, or a temporary code whose own page says to fix the sender (4.7.27: the
 * sender's domain accepts no mail), so the finding never tells the reader to wait while the page
 * says otherwise.
 */
function notByWaiting(d: Draft, c: Classified, k: PreparedKnowledge): string | undefined {
  if (c.reason === 'requireptr')
    return "The code is temporary but the refusal is for the sending server's missing or mismatched reverse DNS (PTR) name: retries meet the same refusal until it is fixed.";
  const code = d.enhanced ? (d.enhanced[0] === '4' && d.reply?.[0] !== '5' ? d.enhanced : undefined) : d.reply;
  const page = code?.[0] === '4' ? k.codes[code] : undefined;
  if (page?.verdict === 'fix-sender' && !page.depends)
    return `The code is temporary, but ${code} (${page.title}) does not clear by waiting: fix the sending side, as the code's page says.`;
  return undefined;
}

/**
 * Sorts spans by where they start, in place, keeping the order of spans that start together: what
 * a stable sort by start gives. An insertion sort: a finding has a handful of spans, and sort()
 * with a comparator costs more than the spans are worth before the engine optimises it.
 */
export function byStart(spans: Evidence[]): Evidence[] {
  for (let i = 1; i < spans.length; i++) {
    const e = spans[i];
    let j = i - 1;
    for (; j >= 0 && spans[j].start > e.start; j--) spans[j + 1] = spans[j];
    spans[j + 1] = e;
  }
  return spans;
}

/**
 * The verdict once the words and the page have had their say on a temporary code: a 4xx whose words
 * say retrying will not succeed, or whose page says the sender must act, is fix-sender, with a
 * warning (and the words as evidence) that says why.
 */
function verdictAfterWaiting(
  d: Draft,
  text: string,
  c: Classified,
  k: PreparedKnowledge,
  evidence: Evidence[],
  warnings: string[],
): Finding['verdict'] {
  const noRetry =
    (d.reply ?? d.enhanced ?? '')[0] === '4' ? span(text, NO_RETRY, 'says retrying will not help') : undefined;
  if (noRetry) {
    evidence.push(noRetry);
    warnings.push(
      'The code is temporary (4xx) but the text says retrying will not succeed: treat it as a block on the sender, not as a delay.',
    );
    return c.verdict === 'retry' ? 'fix-sender' : c.verdict;
  }
  if (c.verdict !== 'retry' || c.variant) return c.verdict;
  const why = notByWaiting(d, c, k);
  if (!why) return c.verdict;
  warnings.push(why);
  return 'fix-sender';
}

/**
 * Who tries again: the sending server's queue, or the sender. A 5xx is not queued again, and a
 * temporary failure the server has stopped trying (d.gaveUp) is not retried either: the sender
 * sends it again later.
 */
function retrySchedule(d: Draft): Finding['retry'] {
  if (replyClass(d) === '5') return RESEND_SCHEDULE;
  return d.gaveUp ? GAVE_UP_SCHEDULE : RETRY_SCHEDULE;
}

export function finish(d: Draft, k: PreparedKnowledge): Finding {
  const text = d.text.length > MAX_TEXT ? d.text.slice(0, MAX_TEXT) : d.text;
  const c = classify(d, text, k);
  const evidence = evidenceOf(d, text, c);
  const warnings = warningsOf(d, c, k);
  const verdict = verdictAfterWaiting(d, text, c, k, evidence, warnings);
  byStart(evidence);
  const v = c.variant;
  return {
    recipient: d.recipient,
    replyCode: d.reply,
    enhancedCode: d.enhanced,
    inferred: d.inferred ?? false,
    verdict,
    reason: c.reason,
    retry: verdict === 'retry' ? retrySchedule(d) : undefined,
    variant: v
      ? {
          id: v.id,
          provider: v.provider,
          providerName: v.providerName,
          meaning: v.meaning,
          home: variantHome(v, k.documented),
        }
      : undefined,
    text,
    evidence,
    warnings,
    shape: d.shape,
    action: d.action,
    // A delivery report's Remote-MTA field, else the host the notice says it talked to.
    remoteMta: d.remoteMta ?? remoteHostIn(d.text),
    command: d.command,
    originalRecipient: d.originalRecipient,
    line: d.line,
  };
}
