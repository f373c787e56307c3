/**
 * Provider-text matching: which provider variant's wording a failure's text is. The pipeline calls
 * only matchProviderText, so one shared matcher can replace this file without touching the rest.
 */
import type { PreparedKnowledge, PreparedVariant } from './knowledge.ts';

// Logs repeat the same reply for many messages: remember the answer per text with digits masked.
const variantCache = new WeakMap<PreparedKnowledge, Map<string, PreparedVariant | null>>();

export function matchProviderText(text: string, k: PreparedKnowledge, reply?: string, enhanced?: string) {
  let cache = variantCache.get(k);
  if (!cache) variantCache.set(k, (cache = new Map()));
  const key = `${reply ?? ''}|${enhanced ?? ''}|${text.replace(/[0-9]+/g, '#')}`;
  const hit = cache.get(key);
  // The key hides digits, so check the hit against this text; patterns with digits ("50 hops") are
  // the only ones a digit-masked miss could hide, and there are few.
  if (hit && hit.re.test(text)) return hit;
  if (hit === null && !k.digitVariants.some((v) => v.re.test(text))) return undefined;
  const found = matchVariantUncached(text, k, reply, enhanced);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, found ?? null);
  return found;
}

function matchVariantUncached(text: string, k: PreparedKnowledge, reply?: string, enhanced?: string) {
  // Variants sent with the same codes first; then any variant, since servers behind a provider's
  // filter sometimes send its wording with other codes. A plain-substring check keeps that cheap.
  const sameCodes = [
    ...(enhanced ? (k.byCode.get(enhanced) ?? []) : []),
    ...(reply ? (k.byCode.get(reply) ?? []) : []),
  ];
  const lower = text.toLowerCase();
  return pick(text, lower, sameCodes, reply, enhanced) ?? pick(text, lower, k.variants, reply, enhanced);
}

function pick(text: string, lower: string, candidates: PreparedVariant[], reply?: string, enhanced?: string) {
  let best: PreparedVariant | undefined;
  let bestScore = -1;
  for (const v of candidates) {
    if ((v.anchor && !lower.includes(v.anchor)) || !v.re.test(text)) continue;
    const score = (v.enhanced && v.enhanced === enhanced ? 2 : 0) + (v.reply && v.reply === reply ? 1 : 0);
    if (score > bestScore) {
      best = v;
      bestScore = score;
    }
  }
  return best;
}
