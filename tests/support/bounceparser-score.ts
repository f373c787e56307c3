/**
 * Scores the analyzer on the real bounces of Mail::DeliveryStatus::BounceParser's tests
 * (tests/fixtures/bounceparser, see its README): per message, whether a failure is found at all,
 * the set of failed recipients where the tests name it, and our verdict against the tests'
 * standard reason (std_reason) through the table below.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/lib/analyzer.ts';
import type { Verdict } from '../../src/lib/dataset.ts';

export const BP_DIR = 'tests/fixtures/bounceparser';

export interface BpExpectation {
  /** The tests say this message reports a failed delivery (false: an autoreply, a challenge, spam, a delay). */
  failure: boolean;
  /** A delay warning: the server is still trying. Retry findings are what it says, not a failure. */
  delay?: boolean;
  /** The failed addresses the tests name, lower-cased ([] = none); null when they name none. */
  expected: string[] | null;
  /** BounceParser's standard reason for the (first) report, where a test states it. */
  std_reason?: string;
  /** The test wraps that check in a TODO block: BounceParser fails it, the expectation stands. */
  todo?: string;
  smtp_code?: string;
  status?: string;
  /** Where it was read: test file and line. */
  sources: string[];
  notes?: string[];
  /** The same bounce in our corpus or sisimai's suite, paths under tests/fixtures/. */
  overlaps: string[];
}

/**
 * What a sender should do for each of BounceParser's standard reasons (its POD lists them), in
 * our verdicts. null: not scored (the reason says nothing about what to do).
 */
export const STD_REASON_VERDICTS: Record<string, Verdict[] | null> = {
  // The address does not exist, or its account is closed: keep sending and the reputation pays.
  user_unknown: ['suppress'],
  user_disabled: ['suppress'],
  // The recipient's domain does not resolve or its mail server refuses mail for it ("Relaying denied",
  // "that domain isn't in my list of allowed rcpthosts" from the domain's own MX): nothing the
  // sender changes makes the address reachable.
  domain_error: ['suppress'],
  // A full mailbox may empty (retry) or be abandoned (suppress after repeats); both are defensible.
  over_quota: ['retry', 'suppress'],
  // Refused as spam: change the content or fix how and from where it is sent.
  spam: ['fix-message', 'fix-sender'],
  message_too_large: ['fix-message'],
  unknown: null,
  // "Not a bounce" (a 2xx reply); only reported on request, no test expects it.
  no_problemo: null,
};

export interface BpScore {
  /** A failure is reported exactly when the tests say there is one. */
  found: boolean;
  /** The failed recipients reported are exactly the expected set; null when the tests name none. */
  recipients: boolean | null;
  /** The verdict is one the std_reason allows; null when there is no std_reason to score. */
  verdict: boolean | null;
}

export function loadBpExpectations(): Map<string, BpExpectation> {
  const json = JSON.parse(readFileSync(`${BP_DIR}/expectations.json`, 'utf8')) as {
    files: Record<string, BpExpectation>;
  };
  return new Map(Object.entries(json.files));
}

/** Stands for a failure reported without an address: it can never equal an expected address. */
const NO_ADDRESS = '(no address)';

/**
 * The address a finding reports, lower-cased. BounceParser reports a DSN's Original-Recipient over
 * its Final-Recipient by default (its t/postfix.t), so an expected original recipient counts.
 */
function addressOf(f: Finding, expected: Set<string>): string {
  const original = f.originalRecipient?.toLowerCase();
  if (original && expected.has(original)) return original;
  return f.recipient?.toLowerCase() ?? NO_ADDRESS;
}

export function scoreMessage(want: BpExpectation, findings: Finding[]): BpScore {
  const expected = new Set(want.expected ?? []);
  // verdict 'none' reports something that is not a failure; in a delay warning, retry is the news.
  const failed = findings.filter((f) => f.verdict !== 'none' && !(want.delay && f.verdict === 'retry'));
  const found = failed.length > 0 === want.failure;
  const got = new Set(failed.map((f) => addressOf(f, expected)));
  const recipients =
    want.expected === null ? null : got.size === expected.size && [...got].every((a) => expected.has(a));
  const allowed = want.std_reason ? STD_REASON_VERDICTS[want.std_reason] : null;
  if (allowed === undefined) throw new Error(`std_reason without a verdict in the table: ${want.std_reason}`);
  if (!allowed) return { found, recipients, verdict: null };
  // Judged on the findings for the expected addresses; when the analyzer named none of them (or
  // the tests name none), on every failure it reported. None at all is wrong.
  const matched = failed.filter((f) => expected.has(addressOf(f, expected)));
  const judged = matched.length ? matched : failed;
  const verdict = judged.length > 0 && judged.every((f) => allowed.includes(f.verdict));
  return { found, recipients, verdict };
}
