/**
 * The one line the /analyze/ page announces after an analysis (a polite live region): how many
 * failures, and the first one's codes and verdict, e.g.
 * "2 failures found. First: 550 5.1.1, Suppress the address (+1 more)."
 */
import { VERDICTS } from './verdicts.ts';
import type { Verdict } from './dataset.ts';

export interface SummaryFinding {
  replyCode?: string;
  enhancedCode?: string;
  verdict: Verdict;
}

export function analysisSummary(
  findings: readonly SummaryFinding[],
  options: { shown?: number; truncated?: boolean; challenge?: boolean } = {},
): string {
  const n = findings.length;
  const cut = options.truncated ? ' The text was cut to the first 4 MB.' : '';
  if (n === 0 && options.challenge)
    return `No failure: this is a challenge-response request. The recipient's filter holds the message until the sender confirms; the address is fine, and sending again only brings another request.${cut}`;
  if (n === 0) return `No failure found: this does not look like a bounce, or it holds no code or known wording.${cut}`;
  const first = findings[0];
  const codes = [first.replyCode, first.enhancedCode].filter(Boolean).join(' ');
  const what = `${codes ? `${codes}, ` : ''}${VERDICTS[first.verdict].label}`;
  const shown = options.shown !== undefined && n > options.shown ? ` (first ${options.shown} shown)` : '';
  if (n === 1) return `1 failure found: ${what}.${cut}`;
  return `${n} failures found${shown}. First: ${what} (+${n - 1} more).${cut}`;
}
