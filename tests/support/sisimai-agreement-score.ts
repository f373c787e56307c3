/**
 * Scores how far the analyzer agrees with sisimai itself on bounces outside sisimai's own suite
 * (tests/fixtures/sisimai-agreement, see its README): the labels are what go-sisimai decodes from
 * each email, not a person's judgement, so this measures interoperability (a sisimai user switching
 * to us gets the same reasons), not truth. Scoring is sisimai-score.ts's, per recipient.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/lib/analyzer.ts';
import { type Counts, type EmailScore, isFailureRow, type Row, scorePairs } from './sisimai-score.ts';

export const AGREEMENT_DIR = 'tests/fixtures/sisimai-agreement';

/** What go-sisimai decoded: [recipient, status, replycode, reason, hardbounce] per recipient. */
type Fact = [string, string, string, string, boolean];

export interface SisimaiEmail {
  /** The email's path under tests/fixtures. */
  path: string;
  /** sisimai's rows for the scorer ([status, replycode, reason, hardbounce]), in its order. */
  rows: Row[];
  /** The recipient of each row. */
  recipients: string[];
  /** go-sisimai panicked on this email: nothing to compare. */
  error?: string;
}

/** The emails by file name (names are unique across the folders; the split hashes the name). */
export function loadAgreement(): Map<string, SisimaiEmail> {
  const json = JSON.parse(readFileSync(`${AGREEMENT_DIR}/expectations.json`, 'utf8')) as {
    emails: Record<string, { facts?: Fact[]; error?: string }>;
  };
  const out = new Map<string, SisimaiEmail>();
  for (const [path, e] of Object.entries(json.emails)) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (out.has(name)) throw new Error(`two emails named ${name}: the split needs unique names`);
    const facts = e.facts ?? [];
    out.set(name, {
      path,
      rows: facts.map(([, status, reply, reason, hard]) => [status, reply, reason, hard]),
      recipients: facts.map(([recipient]) => recipient.toLowerCase()),
      error: e.error,
    });
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Our failures paired with sisimai's recipients, in sisimai's order: each takes our failure with
 * its address, else the first failure whose address sisimai does not list (the two may spell an
 * address differently: an X.400 one, a missing domain); undefined when none is left.
 */
export function pairByAddress(recipients: string[], failed: Finding[]): (Finding | undefined)[] {
  const address = (f: Finding) => f.recipient?.toLowerCase() ?? '';
  const free = new Set(failed);
  const take = (f: Finding | undefined) => {
    if (f) free.delete(f);
    return f;
  };
  const same = recipients.map((r) => take(failed.find((f) => free.has(f) && address(f) === r)));
  return same.map((f) => f ?? take([...free].find((g) => !recipients.includes(address(g)))));
}

/** Scores one email: sisimai's failure rows against our failures paired by address. */
export function scoreAgreement(email: SisimaiEmail, findings: Finding[], counts?: Counts): EmailScore {
  const rows = email.rows.map((row, i) => ({ row, recipient: email.recipients[i] })).filter((r) => isFailureRow(r.row));
  const failed = findings.filter((f) => f.verdict !== 'none');
  const paired = pairByAddress(
    rows.map((r) => r.recipient),
    failed,
  );
  return scorePairs(
    rows.map((r) => r.row),
    paired,
    failed.length === rows.length,
    counts,
  );
}
