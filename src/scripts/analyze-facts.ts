// The /analyze/ page's facts and marked text, from the worker's view of the analysis.
// Everything is built from text nodes and <mark>, never from HTML (the text is the reader's paste).
import type { AnalysisView } from '../lib/analysis-view';
import { el } from './dom';

/** The facts list and the marked text (their boxes are shown first: see analyze-page.ts). */
export function renderFacts(text: string, view: AnalysisView, factsList: HTMLElement, marked: HTMLElement): void {
  // The marked text: each marked piece is one <mark>; its title lists what it is evidence for.
  const first = new Map<string, HTMLElement>();
  const nodes = view.pieces.map((p) => {
    const piece = text.slice(p.start, p.end);
    if (!p.mark) return document.createTextNode(piece);
    const mark = el('mark', piece, { class: p.mark.kind === 'fact' ? 'm-fact' : 'm-finding', title: p.mark.title });
    for (const key of p.mark.keys) if (!first.has(key)) first.set(key, mark);
    return mark;
  });
  marked.replaceChildren(...nodes);
  // A bounce's first marks are often dozens of header lines down: start the box there. Asking where
  // a mark is lays the text out at once, so it is asked only when the mark is not on the first lines
  // (a log's usually is; the box is then laid out when it is scrolled to, see .marked in analyze.astro).
  const firstPiece = view.pieces.find((p) => p.mark);
  const lineBreaks = firstPiece ? text.slice(0, firstPiece.start).split('\n', 3).length - 1 : 0;
  const firstMark = lineBreaks >= 2 ? marked.querySelector('mark') : null;
  marked.parentElement!.scrollTop = firstMark ? Math.max(0, firstMark.offsetTop - 48) : 0;
  let n = 0;
  for (const mark of new Set(first.values())) mark.id = `mark-${++n}`;

  // The facts, each with links to where it was read.
  factsList.replaceChildren(
    ...view.facts.map((f) => {
      const row = el('div', undefined, { class: 'fact' });
      row.dataset.kind = f.kind;
      const dd = el('dd');
      dd.append(el('span', f.value, { class: 'fact-value' }));
      if (f.where) {
        const seen = el('span', ` in ${f.where}`, { class: 'fact-where muted' });
        f.links.forEach(({ line, key }, k) => {
          seen.append(k ? ', ' : ': ', el('a', `line ${line}`, { href: `#${first.get(key)!.id}`, class: 'to-mark' }));
        });
        dd.append(seen);
      } else dd.append(el('span', ' (the analyzer’s reading)', { class: 'fact-where muted' }));
      row.append(el('dt', f.label), dd);
      return row;
    }),
  );
}
