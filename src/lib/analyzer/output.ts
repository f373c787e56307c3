/** Output: a classified draft becomes a finding with its evidence, warnings and retry advice. */
import { RETRY_SCHEDULE as RETRY } from '../verdicts.ts';
import { variantHome } from '../variants.ts';
import type { PreparedKnowledge } from './knowledge.ts';
import { NO_RETRY } from './patterns.ts';
import { classify } from './classify.ts';
import { MAX_TEXT, type Draft, type Evidence, type Finding } from './types.ts';

function span(text: string, re: RegExp, why: string): Evidence | undefined {
  const m = re.exec(text);
  return m ? { start: m.index, end: m.index + m[0].length, why } : undefined;
}

export function finish(d: Draft, k: PreparedKnowledge): Finding {
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
  const { variant, rule, reason, verdict: codeVerdict } = classify(d, text, k);
  let verdict = codeVerdict;
  if (variant) {
    const e = span(text, variant.re, `${variant.providerName}'s wording`);
    if (e) evidence.push(e);
  }
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
    reason,
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
    command: d.command,
    originalRecipient: d.originalRecipient,
    line: d.line,
  };
}
