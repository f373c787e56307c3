/**
 * The one line the /analyze/ page announces after an analysis (a polite live region): how many
 * failures, and the first one's codes and verdict, e.g.
 * "2 failures found. First: 550 5.1.1, Suppress the address (+1 more)."
 * A 2xx/3xx finding (a log's delivery line, a DSN's "Action: delivered") is a report of success:
 * it is counted apart and never called a failure.
 */
import { VERDICTS } from './verdicts.ts';
import type { Verdict } from './dataset.ts';

export interface SummaryFinding {
  replyCode?: string;
  enhancedCode?: string;
  verdict: Verdict;
}

const isFailure = (f: SummaryFinding) => f.verdict !== 'none';
const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const codesOf = (f: SummaryFinding) => [f.replyCode, f.enhancedCode].filter(Boolean).join(' ');

/**
 * The order the page lists findings in: failures first, then reports of success, each in the
 * text's order. A log is mostly deliveries; the reader came for the failures among them.
 */
export function failuresFirst<F extends SummaryFinding>(findings: readonly F[]): F[] {
  return [...findings.filter(isFailure), ...findings.filter((f) => !isFailure(f))];
}

export function analysisSummary(
  findings: readonly SummaryFinding[],
  options: { shown?: number; truncated?: boolean; challenge?: boolean } = {},
): string {
  const failures = findings.filter(isFailure);
  const successes = findings.filter((f) => !isFailure(f));
  const n = failures.length;
  const cut = options.truncated ? ' The text was cut to the first 4 MB.' : '';
  if (findings.length === 0 && options.challenge)
    return `No failure: this is a challenge-response request. The recipient's filter holds the message until the sender confirms; the address is fine, and sending again only brings another request.${cut}`;
  if (findings.length === 0)
    return `No failure found: this does not look like a bounce, or it holds no code or known wording.${cut}`;
  if (n === 0) {
    const codes = codesOf(successes[0]);
    const first = codes ? ` (${successes.length === 1 ? '' : 'first: '}${codes})` : '';
    return `No failure found: ${count(successes.length, 'report', 'reports')} of success${first}, nothing to do.${cut}`;
  }
  const first = failures[0];
  const codes = codesOf(first);
  const what = `${codes ? `${codes}, ` : ''}${VERDICTS[first.verdict].label}`;
  const shown = options.shown !== undefined && n > options.shown ? ` (first ${options.shown} shown)` : '';
  const also = successes.length ? ` Also ${count(successes.length, 'report', 'reports')} of success: no action.` : '';
  if (n === 1) return `1 failure found: ${what}.${also}${cut}`;
  return `${count(n, 'failure', 'failures')} found${shown}. First: ${what} (+${(n - 1).toLocaleString('en-US')} more).${also}${cut}`;
}
