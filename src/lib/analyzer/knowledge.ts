/** What the analyzer knows, prepared once: code titles and verdicts, provider texts, reason phrases. */
import type { Verdict } from '../dataset.ts';
import type { AnalyzerKnowledge, KnownCode, KnownVariant, ReasonData } from './types.ts';

export type PreparedVariant = KnownVariant & { re: RegExp; anchor: string };

/** The longest plain run of a pattern, lower-cased: a cheap includes() before the regular expression. */
function literalAnchor(pattern: string): string {
  // NUL marks an escape that ends a literal run.
  const runs = pattern
    .replace(/\\./g, (m) => (/[\\.[\]()|?*+{}^$-]/.test(m[1]) ? m[1] : '\u0000'))
    // eslint-disable-next-line no-control-regex
    .split(/[\u0000.[\]()|?*+{}^$]/);
  return runs.reduce((a, b) => (b.length > a.length ? b : a), '').toLowerCase();
}

export interface PreparedKnowledge {
  codes: Record<string, KnownCode>;
  variants: PreparedVariant[];
  /** Variants by the codes they come with: a finding with codes only tries those (fast on big logs). */
  byCode: Map<string, PreparedVariant[]>;
  /** Enhanced codes some provider uses for something else, with what they use it for. */
  reused: Map<string, string[]>;
  documented: Set<string>;
  /** Variants whose pattern holds digits (see matchVariant's cache). */
  digitVariants: PreparedVariant[];
  reasons: ReasonData;
}

export function prepareKnowledge(k: AnalyzerKnowledge): PreparedKnowledge {
  const variants = k.variants.map((v) => ({ ...v, re: new RegExp(v.pattern, 'i'), anchor: literalAnchor(v.pattern) }));
  const reused = new Map<string, string[]>();
  for (const v of k.variants) {
    if (!v.enhanced || !v.differsFromRegistry) continue;
    const note = `${v.providerName}: ${v.differsFromRegistry}`;
    const list = reused.get(v.enhanced) ?? [];
    if (!list.includes(note)) list.push(note);
    reused.set(v.enhanced, list);
  }
  const byCode = new Map<string, PreparedVariant[]>();
  for (const v of variants)
    for (const c of new Set([v.enhanced, v.reply].filter((x): x is string => !!x)))
      byCode.set(c, [...(byCode.get(c) ?? []), v]);
  return {
    codes: k.codes,
    documented: new Set(Object.keys(k.codes)),
    variants,
    byCode,
    reused,
    digitVariants: variants.filter((v) => /[0-9]/.test(v.pattern)),
    reasons: k.reasons ?? { phrases: [], codes: {} },
  };
}

/** What the analyzer needs from the dataset: code titles and verdicts, and the provider variants. */
export function buildKnowledge(
  pages: { code: string; title: string; verdict?: Verdict }[],
  providers: { id: string; name: string; variants: Omit<KnownVariant, 'provider' | 'providerName'>[] }[],
  reasons?: ReasonData,
): AnalyzerKnowledge {
  return {
    reasons,
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
      })),
    ),
  };
}
