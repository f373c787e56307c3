/** Output: a classified draft becomes a finding with its evidence, warnings and retry advice. */
import type { Verdict } from '../dataset.ts';
import { RETRY_SCHEDULE as RETRY } from '../verdicts.ts';
import { variantHome } from '../variants.ts';
import type { PreparedKnowledge } from './knowledge.ts';
import { NO_RETRY } from './patterns.ts';
import { matchProviderText } from './provider-text.ts';
import { classifyReason } from './reason.ts';
import { ADDRESS_DEAD, RULES } from './rules.ts';
import { MAX_TEXT, type Draft, type Evidence, type Finding } from './types.ts';

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

  const variant = matchProviderText(text, k, d.reply, d.enhanced);
  if (variant) {
    const e = span(text, variant.re, `${variant.providerName}'s wording`);
    if (e) evidence.push(e);
  }
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
    reason: classifyReason({ ...d, text, inferred: d.inferred ?? false }, k.reasons),
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
