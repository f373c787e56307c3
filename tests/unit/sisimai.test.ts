/**
 * Benchmark on data we did not write: sisimai's public bounce suite (tests/fixtures/sisimai).
 * Per email it compares the analyzer's findings with what sisimai's tests expect, against the
 * committed per-email baseline (tests/fixtures/sisimai-baseline.json): an email that was right and
 * goes wrong fails the test. Totals are printed for the dev half (tuned on) and the held-out half.
 *
 * Update the baseline after an improvement (never to hide a regression):
 *   UPDATE_BASELINE=1 npx vitest run --config tests/vitest.config.ts tests/unit/sisimai.test.ts
 * Print the dev half's wrong emails while tuning (the held-out half's are never printed):
 *   SHOW_DEV=1 npx vitest run --config tests/vitest.config.ts tests/unit/sisimai.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeEmail, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons } from '../../src/lib/reasons';
import {
  emptyCounts,
  type Counts,
  filteredAsDead,
  half,
  loadExpectations,
  METRICS,
  scoreEmail,
  SISIMAI_DIR,
  type EmailScore,
} from '../support/sisimai-score';

const BASELINE = 'tests/fixtures/sisimai-baseline.json';
const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const expectations = loadExpectations();

async function findings(file: string) {
  const bytes = readFileSync(`${SISIMAI_DIR}/maildir/bsd/${file}`);
  return (await analyzeEmail(new Uint8Array(bytes), k)).findings;
}

const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '-');

describe('sisimai public suite', () => {
  it('does not get wrong any email it got right in the committed baseline', async () => {
    const results: Record<string, EmailScore> = {};
    const totals = { dev: emptyCounts(), 'held-out': emptyCounts() };
    const recipients = { dev: [0, 0], 'held-out': [0, 0] };
    const wrongDev: string[] = [];
    const disagree = { dev: 0, 'held-out': 0 };
    for (const [file, rows] of expectations) {
      const found = await findings(file);
      const part = half(file);
      const score = scoreEmail(rows, found, totals[part]);
      results[file] = score;
      disagree[part] += filteredAsDead(rows, found);
      recipients[part][1]++;
      if (score.recipients) recipients[part][0]++;
      if (part === 'dev' && METRICS.some((m) => !score[m]))
        wrongDev.push(
          `${file}: ${METRICS.filter((m) => !score[m]).join(',')} expected ${JSON.stringify(rows)} got ${JSON.stringify(
            found.map((f) => [f.recipient, f.enhancedCode, f.replyCode, (f as { reason?: string }).reason, f.verdict]),
          )}`,
        );
    }
    for (const part of ['dev', 'held-out'] as const) {
      const t = totals[part];
      console.log(
        `sisimai ${part}: ${recipients[part][1]} emails; recipients ${pct(recipients[part][0], recipients[part][1])}%` +
          METRICS.slice(1)
            .map((m) => `, ${m} ${pct(...t[m as keyof typeof t])}% (${t[m as keyof typeof t].join('/')})`)
            .join(''),
      );
    }
    const all = emptyCounts();
    for (const m of METRICS.slice(1) as (keyof typeof all)[])
      all[m] = [totals.dev[m][0] + totals['held-out'][m][0], totals.dev[m][1] + totals['held-out'][m][1]];
    console.log(
      `sisimai all: recipients ${pct(recipients.dev[0] + recipients['held-out'][0], expectations.size)}%` +
        METRICS.slice(1)
          .map((m) => `, ${m} ${pct(...all[m as keyof typeof all])}%`)
          .join(''),
    );
    console.log(
      `sisimai "filtered" read as a dead address (userunknown, suppress): dev ${disagree.dev}, held-out ${disagree['held-out']}`,
    );
    // The same totals with those rows counted our way (README, "Where we differ from sisimai on
    // purpose"): each is wrong by sisimai's table on both reason and verdict.
    const ourWay = (t: Counts, extra: number) =>
      `reason ${pct(t.reason[0] + extra, t.reason[1])}%, verdict ${pct(t.verdict[0] + extra, t.verdict[1])}%`;
    console.log(
      `sisimai with those rows counted our way: dev ${ourWay(totals.dev, disagree.dev)}; held-out ${ourWay(
        totals['held-out'],
        disagree['held-out'],
      )}; all ${ourWay(all, disagree.dev + disagree['held-out'])}`,
    );
    if (process.env.SHOW_DEV) console.log(wrongDev.join('\n'));
    if (process.env.UPDATE_BASELINE)
      writeFileSync(BASELINE, `${JSON.stringify(results, null, 0).replace(/},/g, '},\n')}\n`);
    const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, EmailScore>;
    const regressions = Object.entries(baseline).flatMap(([file, was]) =>
      METRICS.filter((m) => was[m] && !results[file]?.[m]).map((m) => `${file} ${m}`),
    );
    // The held-out half's emails are never named, so nobody tunes on them: only their count shows.
    const heldOut = regressions.filter((r) => half(r.split(' ')[0]) === 'held-out').length;
    expect(regressions.filter((r) => half(r.split(' ')[0]) === 'dev')).toEqual([]);
    expect(heldOut, 'results that were right in the held-out half and are now wrong').toBe(0);
  }, 120_000);
});
