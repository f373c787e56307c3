/**
 * What the benchmark tests over other projects' bounces share (flufl.bounce, BounceParser): the
 * knowledge, reading one email's findings, a percentage, and the per-file baseline check that fails
 * on any regression and names the dev half's only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { analyzeEmail, buildKnowledge, prepareKnowledge, type Finding } from '../../src/lib/analyzer';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';
import { half } from './sisimai-score';

export const benchKnowledge = () =>
  prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));

/** A finding with only the fields a scorer's own test sets (a suppressed a@x.example unless told). */
export const fakeFinding = (more: Partial<Finding> = {}) =>
  ({ recipient: 'a@x.example', verdict: 'suppress', ...more }) as Finding;

export async function emailFindings(path: string, k: ReturnType<typeof benchKnowledge>) {
  return (await analyzeEmail(new Uint8Array(readFileSync(path)), k)).findings;
}

/**
 * Whether a text writes a code ("550", "5.1.1") as a code of its own, not inside a longer number.
 * Other parsers' expectations hold codes they made up (Crisp's parser rewrites qmail's "511" as 550
 * 5.1.1; MailBounceDetector gives qmail's code-less notices 5.3.0): a code the text does not hold is
 * not scored.
 */
export const codeWritten = (code: string, text: string) =>
  new RegExp(`(?<![0-9.])${code.replace(/\./g, '\\.')}(?![0-9]|\\.[0-9])`).test(text);

/** "95.9% (47/49)" from [right, scored]. */
export const pct = ([right, scored]: number[]) =>
  `${scored ? ((100 * right) / scored).toFixed(1) : '-'}% (${right}/${scored})`;

/**
 * Compares each file's results with the committed baseline (rewritten with UPDATE_BASELINE=1): a
 * metric that was right and goes wrong fails; held-out regressions are counted, never named.
 */
export function checkBaseline<S extends object>(
  path: string,
  results: Record<string, S>,
  metrics: readonly (keyof S & string)[],
): void {
  if (process.env.UPDATE_BASELINE) writeFileSync(path, `${JSON.stringify(results, null, 0).replace(/},/g, '},\n')}\n`);
  const baseline = JSON.parse(readFileSync(path, 'utf8')) as Record<string, S>;
  expect(Object.keys(baseline).sort()).toEqual(Object.keys(results).sort());
  const regressions = Object.entries(baseline).flatMap(([file, was]) =>
    metrics.filter((m) => was[m] && !results[file][m]).map((m) => `${file} ${m}`),
  );
  expect(regressions.filter((r) => half(r.split(' ')[0]) === 'dev')).toEqual([]);
  expect(
    regressions.filter((r) => half(r.split(' ')[0]) === 'held-out').length,
    'results that were right in the held-out half and are now wrong',
  ).toBe(0);
}

/**
 * Per-message scores summed by part: the dev and held-out halves, all messages, and all without
 * those another benchmark's set also holds. Each metric is [right, scored]; null scores are skipped.
 */
export function partTotals<M extends string>(metrics: readonly M[]) {
  const parts = ['dev', 'held-out', 'all', 'all without overlaps'] as const;
  const totals = Object.fromEntries(parts.map((p) => [p, { messages: 0, metrics: metrics.map(() => [0, 0]) }]));
  return {
    add(file: string, overlaps: boolean, score: Record<M, boolean | null>): void {
      const side = half(file);
      for (const part of parts) {
        if (part === 'all without overlaps' && overlaps) continue;
        if ((part === 'dev' || part === 'held-out') && part !== side) continue;
        const t = totals[part];
        t.messages++;
        metrics.forEach((m, i) => {
          if (score[m] === null) return;
          t.metrics[i][0] += +score[m];
          t.metrics[i][1]++;
        });
      }
    },
    /** One line per part: "<name> dev: 56 messages; failure found 100.0% (56/56), …". */
    lines(name: string, labels: Record<M, string>): string[] {
      return parts.map(
        (part) =>
          `${name} ${part}: ${totals[part].messages} messages; ${metrics
            .map((m, i) => `${labels[m]} ${pct(totals[part].metrics[i])}`)
            .join(', ')}`,
      );
    },
  };
}
