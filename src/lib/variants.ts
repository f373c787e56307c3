/**
 * Recognises a provider's reply text inside pasted text. Shared by the search page (and,
 * later, the bounce analyzer): a pure function over the variants' patterns.
 */
export interface VariantMatcher {
  id: string;
  provider: string;
  reply?: string;
  enhanced?: string;
  pattern: string;
}

export interface VariantMatch {
  id: string;
  provider: string;
  reply?: string;
  enhanced?: string;
}

/** The page a variant is explained on: its enhanced code's page if documented, else its reply code's. */
export function variantHome(
  v: { reply?: string; enhanced?: string },
  documented: { has(code: string): boolean },
): string | undefined {
  if (v.enhanced && documented.has(v.enhanced)) return v.enhanced;
  if (v.reply && documented.has(v.reply)) return v.reply;
  return undefined;
}

/** Variants whose pattern occurs in the text, best first: those whose codes also appear in the text. */
export function matchVariants(text: string, matchers: readonly VariantMatcher[], limit = 5): VariantMatch[] {
  const input = text.slice(0, 20_000);
  const hits = matchers
    .filter((m) => new RegExp(m.pattern, 'i').test(input))
    .map((m) => ({
      m,
      score: (m.enhanced && input.includes(m.enhanced) ? 2 : 0) + (m.reply && input.includes(m.reply) ? 1 : 0),
    }))
    .sort((a, b) => b.score - a.score);
  return hits
    .slice(0, limit)
    .map(({ m }) => ({ id: m.id, provider: m.provider, reply: m.reply, enhanced: m.enhanced }));
}
