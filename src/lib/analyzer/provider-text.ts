/**
 * Provider-text matching: which provider variant's wording a failure's text is. The pipeline calls
 * only matchProviderText, which asks the one shared matcher (src/lib/matcher.ts) that the search
 * page uses too, so a text is credited the same way everywhere.
 */
import type { Evidence } from './types.ts';
import type { PreparedKnowledge, PreparedVariant } from './knowledge.ts';

export function matchProviderText(
  text: string,
  k: PreparedKnowledge,
  reply?: string,
  enhanced?: string,
  recipient?: string,
): { variant: PreparedVariant; wording: Evidence } | undefined {
  const m = k.matcher.match(text, { reply, enhanced, domain: recipient?.split('@')[1]?.toLowerCase() });
  if (!m) return undefined;
  return { variant: m.variant, wording: { start: m.start, end: m.end, why: `${m.variant.providerName}'s wording` } };
}
