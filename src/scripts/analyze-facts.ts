// The /analyze/ page's facts and marked text: loaded with the analyzer's knowledge, on first use.
// Everything is built from text nodes and <mark>, never from HTML (the text is the reader's paste).
import { FACT_LABELS, STAGES, bounceFacts, locateEvidence, type Fact } from '../lib/bounce-facts';
import { segments, type MarkSpan } from '../lib/highlight';
import type { Finding } from '../lib/analyzer';
import { el } from './dom';

/** Only this much of the text is shown marked: a longer paste is a log, not one bounce. */
const MAX_SHOWN = 200_000;

function valueText(f: Fact): string {
  if (f.kind === 'stage') return STAGES[f.value] ?? f.value;
  return f.detail ? `${f.value} (${f.detail})` : f.value;
}

/** The facts list, the marked text, and the number of marks. */
export function renderFacts(
  text: string,
  findings: readonly Finding[],
  factsList: HTMLElement,
  marked: HTMLElement,
): { facts: number; marks: number } {
  const facts = bounceFacts(text, findings);
  const shown = text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) : text;
  const spans: (MarkSpan & { kind: string })[] = [];
  facts.forEach((f, i) =>
    f.evidence.forEach((e, j) =>
      spans.push({
        start: e.start,
        end: e.end,
        key: `f${i}-${j}`,
        kind: 'fact',
        label: `${FACT_LABELS[f.kind]}: ${valueText(f)}`,
      }),
    ),
  );
  findings.slice(0, 200).forEach((g, i) => {
    const codes = [g.replyCode, g.enhancedCode].filter(Boolean).join(' ') || 'finding';
    locateEvidence(text, g).forEach((e, j) =>
      spans.push({ start: e.start, end: e.end, key: `g${i}-${j}`, kind: 'finding', label: `${codes}: ${e.why}` }),
    );
  });

  // The marked text: each piece covered by spans is one <mark>; its title lists what it is evidence for.
  const first = new Map<string, HTMLElement>();
  const nodes: Node[] = [];
  for (const s of segments(shown.length, spans)) {
    const piece = shown.slice(s.start, s.end);
    if (!s.spans.length) {
      nodes.push(document.createTextNode(piece));
      continue;
    }
    const isFact = s.spans.some((x) => (x as { kind?: string }).kind === 'fact');
    const mark = el('mark', piece, {
      class: isFact ? 'm-fact' : 'm-finding',
      title: s.spans.map((x) => x.label).join('\n'),
    });
    for (const x of s.spans) if (!first.has(x.key)) first.set(x.key, mark);
    nodes.push(mark);
  }
  marked.replaceChildren(...nodes);
  // A bounce's first marks are often dozens of header lines down: start the box there.
  const firstMark = marked.querySelector('mark');
  marked.parentElement!.scrollTop = firstMark ? Math.max(0, firstMark.offsetTop - 48) : 0;
  let n = 0;
  for (const mark of new Set(first.values())) mark.id = `mark-${++n}`;

  // The facts, each with links to where it was read.
  factsList.replaceChildren(
    ...facts.map((f, i) => {
      const row = el('div', undefined, { class: 'fact' });
      row.dataset.kind = f.kind;
      const dd = el('dd');
      dd.append(el('span', valueText(f), { class: 'fact-value' }));
      const links = f.evidence
        .slice(0, 3)
        .map((e, j) => ({ e, mark: first.get(`f${i}-${j}`) }))
        .filter((x) => x.mark);
      if (f.evidence.length) {
        const e0 = f.evidence[0];
        const where = e0.scope === 'original' ? `${e0.source} of the returned message` : e0.source;
        const seen = el('span', ` in ${where}`, { class: 'fact-where muted' });
        links.forEach(({ e, mark }, k) => {
          seen.append(k ? ', ' : ': ', el('a', `line ${e.line}`, { href: `#${mark!.id}`, class: 'to-mark' }));
        });
        dd.append(seen);
      } else dd.append(el('span', ' (the analyzer’s reading)', { class: 'fact-where muted' }));
      row.append(el('dt', FACT_LABELS[f.kind]), dd);
      return row;
    }),
  );
  return { facts: facts.length, marks: first.size };
}
