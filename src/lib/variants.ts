// Where a provider variant is explained. Which variant a text is credited to: src/lib/matcher.ts.
/** The page a variant is explained on: its enhanced code's page if documented, else its reply code's. */
export function variantHome(
  v: { reply?: string; enhanced?: string },
  documented: { has(code: string): boolean },
): string | undefined {
  if (v.enhanced && documented.has(v.enhanced)) return v.enhanced;
  if (v.reply && documented.has(v.reply)) return v.reply;
  return undefined;
}
