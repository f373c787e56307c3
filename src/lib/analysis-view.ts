/**
 * Everything the /analyze/ page shows for one analysis, worked out away from the page (the page's
 * worker runs it; the page only turns it into elements): the findings to list, the one-line summary,
 * the titles of the codes they carry, the facts with where each was read, and the pasted text cut
 * into marked and unmarked pieces. Plain data, so it crosses to the page by structured clone.
 */
import { plainTypography, type Analysis, type Finding, type PreparedKnowledge } from './analyzer.ts';
import { analysisSummary, failuresFirst } from './analysis-summary.ts';
import { FACT_LABELS, STAGES, bounceFacts, locateEvidence, type Fact } from './bounce-facts.ts';
import { segments, type MarkSpan } from './highlight.ts';

/** The page lists this many findings (failures first); the summary counts them all. */
export const SHOWN_FINDINGS = 200;
/** Only this much of the text is shown marked: a longer paste is a log, not one bounce. */
export const MARKED_LENGTH = 200_000;

export interface FactRow {
  kind: Fact['kind'];
  label: string;
  value: string;
  /** Where it was read ("Received of the returned message"), or undefined for the analyzer's own reading. */
  where?: string;
  /** Up to three places it was read: the line, and the key of its first marked piece. */
  links: { line: number; key: string }[];
}

export interface MarkedPiece {
  start: number;
  end: number;
  /** Unmarked text when absent. */
  mark?: { kind: 'fact' | 'finding'; title: string; keys: string[] };
}

export interface AnalysisView {
  summary: string;
  findings: Finding[];
  /** The title of each code the listed findings carry that has a page here. */
  titles: Record<string, string>;
  facts: FactRow[];
  /** The first MARKED_LENGTH characters of the text, in pieces. */
  pieces: MarkedPiece[];
}

const valueText = (f: Fact) =>
  f.kind === 'stage' ? (STAGES[f.value] ?? f.value) : f.detail ? `${f.value} (${f.detail})` : f.value;

export function analysisView(pasted: string, analysis: Analysis, k: PreparedKnowledge): AnalysisView {
  const { truncated, challenge, feedback } = analysis;
  // Read as the analyzer read it ("doesn’t" as "doesn't"), so its evidence is found again; one
  // character for one, so every piece still points into the pasted text the page shows.
  const text = plainTypography(pasted);
  const ordered = failuresFirst(analysis.findings);
  const findings = ordered.slice(0, SHOWN_FINDINGS);
  const titles: Record<string, string> = {};
  for (const f of findings)
    for (const code of [f.replyCode, f.enhancedCode]) if (code && k.codes[code]) titles[code] = k.codes[code].title;

  const facts = bounceFacts(text, analysis.findings);
  const spans: (MarkSpan & { kind: 'fact' | 'finding' })[] = [];
  facts.forEach((f, i) =>
    f.evidence.forEach((e, j) =>
      spans.push({ ...e, key: `f${i}-${j}`, kind: 'fact', label: `${FACT_LABELS[f.kind]}: ${valueText(f)}` }),
    ),
  );
  findings.forEach((g, i) => {
    const codes = [g.replyCode, g.enhancedCode].filter(Boolean).join(' ') || 'finding';
    locateEvidence(text, g).forEach((e, j) =>
      spans.push({ start: e.start, end: e.end, key: `g${i}-${j}`, kind: 'finding', label: `${codes}: ${e.why}` }),
    );
  });
  const shownLength = Math.min(text.length, MARKED_LENGTH);
  const marked = new Set<string>();
  const pieces: MarkedPiece[] = segments(shownLength, spans).map((s) => {
    if (!s.spans.length) return { start: s.start, end: s.end };
    const covering = s.spans as typeof spans;
    covering.forEach((x) => marked.add(x.key));
    return {
      start: s.start,
      end: s.end,
      mark: {
        kind: covering.some((x) => x.kind === 'fact') ? 'fact' : 'finding',
        title: covering.map((x) => x.label).join('\n'),
        keys: covering.map((x) => x.key),
      },
    };
  });

  return {
    summary: analysisSummary(analysis.findings, { shown: SHOWN_FINDINGS, truncated, challenge, feedback }),
    findings,
    titles,
    facts: facts.map((f, i) => {
      const e0 = f.evidence[0];
      return {
        kind: f.kind,
        label: FACT_LABELS[f.kind],
        value: valueText(f),
        where: e0 && (e0.scope === 'original' ? `${e0.source} of the returned message` : e0.source),
        links: f.evidence
          .slice(0, 3)
          .map((e, j) => ({ line: e.line, key: `f${i}-${j}` }))
          .filter((l) => marked.has(l.key)),
      };
    }),
    pieces,
  };
}
