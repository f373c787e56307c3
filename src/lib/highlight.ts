/**
 * Marking spans in a text: the /analyze/ page shows the pasted text with every fact's and
 * finding's evidence marked. Spans may overlap or nest (a fact inside a provider's wording), so
 * the text is cut at every span boundary and each piece knows all the spans that cover it.
 */

export interface MarkSpan {
  start: number;
  end: number;
  /** What the span is evidence for (shown as the mark's title). */
  label: string;
  /** Identifies the span (a fact or a finding), e.g. to link to its first piece. */
  key: string;
}

export interface Segment {
  start: number;
  end: number;
  /** The spans covering this piece, in input order; empty for unmarked text. */
  spans: MarkSpan[];
}

/**
 * The text [0, length) as consecutive pieces. Spans out of range are clipped; empty ones are
 * dropped. Linear in the number of spans after sorting.
 */
export function segments(length: number, spans: readonly MarkSpan[]): Segment[] {
  const len = Math.max(0, Math.floor(length));
  const clipped = spans
    .map((s) => ({ ...s, start: Math.max(0, Math.min(len, s.start)), end: Math.max(0, Math.min(len, s.end)) }))
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start);
  const cuts = [...new Set([0, len, ...clipped.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const byStart = clipped.map((s, i) => ({ s, i })).sort((a, b) => a.s.start - b.s.start || a.i - b.i);
  const out: Segment[] = [];
  let open: { s: MarkSpan; i: number }[] = [];
  let next = 0;
  for (let c = 0; c + 1 < cuts.length; c++) {
    const [from, to] = [cuts[c], cuts[c + 1]];
    open = open.filter((o) => o.s.end > from);
    while (next < byStart.length && byStart[next].s.start <= from) {
      if (byStart[next].s.end > from) open.push(byStart[next]);
      next++;
    }
    const covering = [...open].sort((a, b) => a.i - b.i).map((o) => o.s);
    const last = out.at(-1);
    // Neighbouring pieces covered by the same spans are one piece.
    if (last && sameSpans(last.spans, covering)) last.end = to;
    else out.push({ start: from, end: to, spans: covering });
  }
  return out;
}

function sameSpans(a: MarkSpan[], b: MarkSpan[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
