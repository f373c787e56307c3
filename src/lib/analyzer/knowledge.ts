/** What the analyzer knows, prepared once: code titles and verdicts, provider texts, reason phrases. */
import type { Verdict } from '../dataset.ts';
import { createMatcher, patternFacts, type PatternFacts, type VariantMatcher } from '../matcher.ts';
import type { AnalyzerKnowledge, KnownCode, KnownVariant, ReasonData } from './types.ts';

/** A provider text as the pipeline sees it (kept as a name: classify and output use it). */
export type PreparedVariant = KnownVariant;

export interface PreparedKnowledge {
  codes: Record<string, KnownCode>;
  variants: PreparedVariant[];
  /** The one provider-text matcher (src/lib/matcher.ts), shared with the search page. */
  matcher: VariantMatcher<PreparedVariant>;
  /** Enhanced codes some provider uses for something else, with what they use it for. */
  reused: Map<string, string[]>;
  documented: Set<string>;
  reasons: ReasonData;
}

/**
 * Knowledge with what the matcher learns from each variant's pattern worked out beforehand (the
 * CLI keeps it so in its cache: working it out costs ~30 ms of start-up).
 */
export interface ReadyKnowledge extends AnalyzerKnowledge {
  patterns?: PatternFacts[];
}

export function withPatternFacts(k: AnalyzerKnowledge): ReadyKnowledge {
  return { ...k, patterns: patternFacts(k.variants.map((v) => v.pattern)) };
}

export function prepareKnowledge(k: ReadyKnowledge): PreparedKnowledge {
  const reused = new Map<string, string[]>();
  for (const v of k.variants) {
    if (!v.enhanced || !v.differsFromRegistry) continue;
    const note = `${v.providerName}: ${v.differsFromRegistry}`;
    const list = reused.get(v.enhanced) ?? [];
    if (!list.includes(note)) list.push(note);
    reused.set(v.enhanced, list);
  }
  return {
    codes: k.codes,
    documented: new Set(Object.keys(k.codes)),
    variants: k.variants,
    matcher: createMatcher(k.variants, k.patterns?.length === k.variants.length ? k.patterns : undefined),
    reused,
    reasons: k.reasons ?? { phrases: [], codes: {} },
  };
}

/** What the analyzer needs from the dataset: code titles and verdicts, and the provider variants. */
export function buildKnowledge(
  pages: { code: string; title: string; verdict?: Verdict; decisions?: unknown[] }[],
  providers: {
    id: string;
    name: string;
    kind?: string;
    domains?: string[];
    variants: Omit<KnownVariant, 'provider' | 'providerName' | 'kind' | 'domains'>[];
  }[],
  reasons?: ReasonData,
): AnalyzerKnowledge {
  return {
    reasons,
    codes: Object.fromEntries(
      pages.map((p) => [p.code, { title: p.title, verdict: p.verdict, ...(p.decisions ? { depends: true } : {}) }]),
    ),
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
        kind: p.kind,
        domains: p.domains?.length ? p.domains : undefined,
      })),
    ),
  };
}
