/**
 * Scores the analyzer on the test emails of the Ruby gem bounce_email (tests/fixtures/bounce-email,
 * see its README): per message, whether a failure is reported exactly when the gem's test calls it
 * bounced, the enhanced code where the test asserts one, and our verdict against the test's
 * hard/soft type through the table below.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/lib/analyzer.ts';
import type { Verdict } from '../../src/lib/dataset.ts';

export const BEMAIL_DIR = 'tests/fixtures/bounce-email';

export type BemailType = 'hard' | 'soft';

export interface BemailExpectation {
  /** The test says bounce.bounced? (true for every test/bounces/*.txt, false for the others). */
  bounced: boolean;
  /** The enhanced code expected; 'unknown': the gem finds no code in the message. */
  code?: string;
  /** What the test asserts when we score another code (README: tt_bounce_07). */
  asserted_code?: string;
  /** Whether the code is written in the message or the gem made it up from words. */
  code_in_text?: boolean;
  type?: BemailType;
  /** Asserts recorded but not scored, with why. */
  unscored?: Partial<Record<'code' | 'type', string>>;
  path: string;
  /** The test lines it was read from. */
  sources: string[];
  notes?: string[];
  /** The same email in another benchmark's set. */
  overlaps: string[];
}

/**
 * The gem's type is its status code's class (lib/bounce_email.rb): 5 → TYPE_HARD_FAIL "Permanent
 * Failure", 4 → TYPE_SOFT_FAIL "Persistent Transient Failure", RFC 3463's names. Hard says this
 * message will not get through as sent, not why, so every verdict that does not resend it as it is
 * fits; soft says the condition may pass, which is retry.
 */
export const TYPE_VERDICTS: Record<BemailType, Verdict[]> = {
  hard: ['suppress', 'fix-message', 'fix-sender'],
  soft: ['retry'],
};

export interface BemailScore {
  /** A failure is reported exactly when the test says bounced. */
  found: boolean;
  /** Every failure reported has the expected enhanced code; null when no code is scored. */
  code: boolean | null;
  /** Every failure reported has a verdict the type allows; null when no type is scored. */
  type: boolean | null;
}

export function loadBemailExpectations(): Map<string, BemailExpectation> {
  const json = JSON.parse(readFileSync(`${BEMAIL_DIR}/expectations.json`, 'utf8')) as {
    files: Record<string, BemailExpectation>;
  };
  return new Map(Object.entries(json.files));
}

/**
 * 'unknown' is the gem saying none of its patterns found a code: right when we read no code from
 * the text either (a code inferred from words is our own reading, as the gem's word rules are its).
 */
function codeFits(want: string, f: Finding): boolean {
  if (want === 'unknown') return !f.enhancedCode || f.inferred;
  return f.enhancedCode === want;
}

export function scoreMessage(want: BemailExpectation, findings: Finding[]): BemailScore {
  // verdict 'none' reports something that is not a failure (an autoreply's notice, say). The gem
  // calls delay notices bounced too, so a retry finding counts as the failure reported.
  const failed = findings.filter((f) => f.verdict !== 'none');
  const found = failed.length > 0 === want.bounced;
  const scoredCode = want.code !== undefined && !want.unscored?.code ? want.code : undefined;
  const scoredType = want.type !== undefined && !want.unscored?.type ? want.type : undefined;
  const code = scoredCode === undefined ? null : failed.length > 0 && failed.every((f) => codeFits(scoredCode, f));
  const allowed = scoredType && TYPE_VERDICTS[scoredType];
  if (scoredType && !allowed) throw new Error(`type without a verdict in the table: ${scoredType}`);
  const type = allowed ? failed.length > 0 && failed.every((f) => allowed.includes(f.verdict)) : null;
  return { found, code, type };
}
