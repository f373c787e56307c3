/**
 * Scores the analyzer on GNU Mailman's bounce samples as shipped in flufl.bounce's tests
 * (tests/fixtures/flufl-bounce, see its README): per sample, the set of failed recipients, and
 * whether a temporary failure is told from a permanent one. Held out: nobody tunes on it.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/lib/analyzer.ts';
import { RETRY_SCHEDULE } from '../../src/lib/verdicts.ts';

export const FLUFL_DIR = 'tests/fixtures/flufl-bounce';

export interface FluflExpectation {
  /** Each detector's row of flufl's table (a file may be listed by more than one detector). */
  cases: { detector: string; expected: string[]; temporary: boolean }[];
  /** Failed addresses, lower-cased: the union of the cases' sets. */
  expected: string[];
  /** flufl returned them as temporary failures (a delay or warning), not permanent ones. */
  temporary: boolean;
  /** The detector tells temporary from permanent (dsn, simplewarning); the others call all permanent. */
  kindKnown: boolean;
  /** The same bounce in sisimai's suite or our corpus, paths under tests/fixtures/. */
  overlaps: string[];
}

export interface FluflScore {
  /** The failed recipients reported are exactly the expected set. */
  recipients: boolean;
  /** Still being tried exactly when flufl says temporary; null when nothing is expected. */
  kind: boolean | null;
}

export function loadFluflExpectations(): {
  files: Map<string, FluflExpectation>;
  withoutExpectation: string[];
} {
  const json = JSON.parse(readFileSync(`${FLUFL_DIR}/expectations.json`, 'utf8')) as {
    files: Record<string, FluflExpectation>;
    withoutExpectation: string[];
  };
  return { files: new Map(Object.entries(json.files)), withoutExpectation: json.withoutExpectation };
}

/** Stands for a failure reported without an address: it can never equal an expected address. */
const NO_ADDRESS = '(no address)';

/**
 * The address a finding reports, lower-cased. flufl's DSN detector prefers Original-Recipient to
 * Final-Recipient, so a finding whose original recipient is the expected one counts as that one.
 */
function addressOf(f: Finding, expected: Set<string>): string {
  const original = f.originalRecipient?.toLowerCase();
  if (original && expected.has(original)) return original;
  return f.recipient?.toLowerCase() ?? NO_ADDRESS;
}

/**
 * flufl's "temporary": the sending server is still trying (a delay report, a warning). Ours: a retry
 * left to the server's queue. A retry the sender must make (a 5xx for a passing condition, a message
 * the server gave up on and returned) is a delivery that ended: flufl's "permanent".
 */
const stillTrying = (f: Finding) => f.verdict === 'retry' && f.retry?.schedule === RETRY_SCHEDULE.schedule;

export function scoreSample(want: FluflExpectation, findings: Finding[]): FluflScore {
  const expected = new Set(want.expected);
  // verdict 'none' is a report of something that is not a failure (delivered, relayed).
  const failed = findings.filter((f) => f.verdict !== 'none');
  const got = new Set(failed.map((f) => addressOf(f, expected)));
  const recipients = got.size === expected.size && [...got].every((a) => expected.has(a));
  if (!expected.size) return { recipients, kind: null };
  // The kind is judged on the findings for the expected addresses; when the analyzer named none of
  // them, on every failure it reported (it saw the failure but not the address).
  const matched = failed.filter((f) => expected.has(addressOf(f, expected)));
  const judged = matched.length ? matched : failed;
  const kind = judged.length > 0 && judged.every((f) => stillTrying(f) === want.temporary);
  return { recipients, kind };
}
