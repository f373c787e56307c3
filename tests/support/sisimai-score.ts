/**
 * Scores the analyzer on sisimai's public test suite (tests/fixtures/sisimai, see its README):
 * per email, the number of failed recipients, and per expected recipient (paired in order) the
 * enhanced code, reply code, reason and verdict. Shared by the benchmark test and bench/sisimai.ts.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/lib/analyzer.ts';

export const SISIMAI_DIR = 'tests/fixtures/sisimai';

/** [status, replycode, reason, hardbounce] per recipient, "" = no expectation. */
export type Row = [string, string, string, boolean];

export interface EmailScore {
  /** The right number of failed recipients. */
  recipients: boolean;
  /** Each is true when every scored recipient of the email is right (true when none is scored). */
  enhanced: boolean;
  reply: boolean;
  reason: boolean;
  verdict: boolean;
}
export type Metric = keyof EmailScore;
export const METRICS: Metric[] = ['recipients', 'enhanced', 'reply', 'reason', 'verdict'];

/** Reasons that are not a failure: the email should give no failed recipient. */
const NOT_FAILURE = new Set(['delivered', 'feedback', 'vacation']);
/** Reasons the README does not score (and "undefined", which is sisimai's "could not tell"). */
const UNSCORED_REASON = new Set(['undefined', 'onhold', ...NOT_FAILURE]);

const VERDICTS: Record<string, string[]> = {};
const table: [string, string[]][] = [
  ['userunknown hostunknown hasmoved suppressed', ['suppress']],
  ['suspend notaccept', ['suppress', 'retry']],
  ['mailboxfull', ['retry', 'suppress']],
  ['mesgtoobig emailtoolarge exceedlimit contenterror notcompliantrfc virusdetected', ['fix-message']],
  ['filtered spamdetected policyviolation', ['fix-message', 'fix-sender']],
  ['blocked rejected authfailure requireptr badreputation norelaying securityerror syntaxerror', ['fix-sender']],
  ['failedstarttls speeding ratelimited toomanyconn', ['fix-sender', 'retry']],
  ['expired networkerror systemerror systemfull mailererror', ['retry']],
];
for (const [reasons, verdicts] of table) for (const r of reasons.split(' ')) VERDICTS[r] = verdicts;

/** sisimai's own pseudo statuses (X.0.9NN, X.9.NNN) never appear in the email: nothing to match. */
const isPseudo = (status: string) => /^\d\.0\.9\d\d$|^\d\.9\.\d{3}$/.test(status);

/** sisimai 5 renamed mesgtoobig to emailtoolarge; the expectations use either. */
const sameReason = (got: string, want: string) =>
  got === want ||
  (got === 'emailtoolarge' && want === 'mesgtoobig') ||
  (got === 'mesgtoobig' && want === 'emailtoolarge');

export function loadExpectations(): Map<string, Row[]> {
  const json = JSON.parse(readFileSync(`${SISIMAI_DIR}/expectations.json`, 'utf8')) as {
    bySource: Record<string, Record<string, Row[]>>;
  };
  const out = new Map<string, Row[]>();
  for (const emails of Object.values(json.bySource))
    for (const [file, rows] of Object.entries(emails)) if (!out.has(file)) out.set(file, rows);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** FNV-1a of the file name: a stable split that does not depend on the order of files. */
export function half(file: string): 'dev' | 'held-out' {
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 0x01000193) >>> 0;
  return h % 2 === 0 ? 'dev' : 'held-out';
}

/** Per recipient counts, for the totals: [right, scored]. */
export type Counts = Record<Exclude<Metric, 'recipients'>, [number, number]>;

export function scoreEmail(rows: Row[], findings: Finding[], counts?: Counts): EmailScore {
  const expected = rows.filter(isFailureRow);
  const failed = findings.filter((f) => f.verdict !== 'none');
  return scorePairs(expected, failed, failed.length === expected.length, counts);
}

/** A row that stands for a failed recipient (not a delivery, a feedback report or an autoreply). */
export const isFailureRow = (row: Row) => !NOT_FAILURE.has(row[2]);

/**
 * Scores each expected failure row against the failure paired with it (same index; undefined: none
 * was), given whether the number of failed recipients was right.
 */
export function scorePairs(
  expected: Row[],
  paired: (Finding | undefined)[],
  recipients: boolean,
  counts?: Counts,
): EmailScore {
  const score: EmailScore = { recipients, enhanced: true, reply: true, reason: true, verdict: true };
  const mark = (metric: Exclude<Metric, 'recipients'>, ok: boolean) => {
    if (!ok) score[metric] = false;
    if (counts) {
      counts[metric][1]++;
      if (ok) counts[metric][0]++;
    }
  };
  expected.forEach(([status, reply, reason], i) => {
    const f = paired[i];
    if (status && !isPseudo(status)) mark('enhanced', f?.enhancedCode === status);
    if (reply) mark('reply', f?.replyCode === reply);
    if (!UNSCORED_REASON.has(reason)) mark('reason', !!f && sameReason(f.reason, reason));
    const verdicts = VERDICTS[reason];
    if (verdicts && f) {
      const temporary = status.startsWith('4') || reply.startsWith('4');
      mark('verdict', verdicts.includes(f.verdict) || (temporary && f.verdict === 'retry'));
    } else if (verdicts) mark('verdict', false);
  });
  return score;
}

export const emptyCounts = (): Counts => ({ enhanced: [0, 0], reply: [0, 0], reason: [0, 0], verdict: [0, 0] });

/**
 * Recipients sisimai calls "filtered" for which we say userunknown and suppress: sisimai reads a
 * user-unknown text as a filter whenever the notice does not show it came at RCPT TO, we read it as
 * a dead address (see the README's "Where we differ from sisimai"). Counted so the totals can be read
 * both ways; the scoring above is sisimai's table unchanged.
 */
export function filteredAsDead(rows: Row[], findings: Finding[]): number {
  const expected = rows.filter((r) => !NOT_FAILURE.has(r[2]));
  const failed = findings.filter((f) => f.verdict !== 'none');
  return expected.filter(
    ([, , reason], i) =>
      reason === 'filtered' && failed[i]?.reason === 'userunknown' && failed[i]?.verdict === 'suppress',
  ).length;
}
