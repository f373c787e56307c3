/**
 * Scores the analyzer on the bounce notices of crisp-oss/email-bounce-parser
 * (tests/fixtures/crisp-bounce-parser, MIT, see its README): each notice is the text body of a
 * bounce as a mail client shows it, pasted alone, and the expectations are what that project's
 * own test asserts its parser returns.
 */
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/lib/analyzer.ts';
import { codeWritten } from './benchmark.ts';
import type { Verdict } from '../../src/lib/dataset.ts';

export const CRISP_DIR = 'tests/fixtures/crisp-bounce-parser';

export interface CrispExpectation {
  bounce: boolean;
  reply?: string | null;
  enhanced?: string | null;
  temporary?: boolean;
  permanent?: boolean;
  /** Their parser's name for the failure (no_such_recipient, spam_content, …). */
  category?: string | null;
  blocked?: boolean;
  spam?: boolean;
  recipient?: string | null;
  /** "RCPT TO", "MAIL FROM", "DATA". */
  command?: string | null;
  remoteMta?: string | null;
}

export const CRISP_METRICS = ['found', 'recipient', 'reply', 'enhanced', 'verdict', 'command', 'remoteMta'] as const;
export type CrispScore = Record<(typeof CRISP_METRICS)[number], boolean | null>;

/**
 * Our verdicts that fit each of their categories, for a permanent failure (a temporary one, their
 * 4xx class, fits retry alone). A category that names two things ("recipient disabled or recipient
 * rate limited") or none is not scored. A full mailbox and a timeout are retried by our rules; a
 * message refused as spam may be the message's fault or the sender's reputation's.
 */
export const CATEGORY_VERDICTS: Record<string, Verdict[]> = {
  no_such_recipient: ['suppress'],
  server_unknown: ['suppress'],
  mailbox_full: ['retry'],
  mailbox_over_quota: ['retry'],
  server_timeout: ['retry'],
  action_not_taken_mailbox_rate_limited: ['retry'],
  spam_content: ['fix-message', 'fix-sender'],
  reputation: ['fix-sender'],
  ip_blocked_spam: ['fix-sender'],
  authentication_failure: ['fix-sender'],
};
const UNSCORED_CATEGORIES = new Set(['recipient_disabled_or_recipient_rate_limited']);

const COMMANDS: Record<string, string> = { 'RCPT TO': 'RCPT', 'MAIL FROM': 'MAIL', DATA: 'DATA' };

export function loadCrispExpectations(): Map<string, CrispExpectation> {
  const json = JSON.parse(readFileSync(`${CRISP_DIR}/expectations.json`, 'utf8')) as {
    files: Record<string, CrispExpectation>;
  };
  return new Map(Object.entries(json.files));
}

/** Whether the parser's result names a failure at all ("Hello" is called a bounce with nothing in it). */
export const expectsFailure = (w: CrispExpectation) =>
  w.bounce && !!(w.reply || w.enhanced || w.recipient || w.category);

export function scoreNotice(want: CrispExpectation, text: string, findings: Finding[]): CrispScore {
  const failed = findings.filter((f) => f.verdict !== 'none');
  const score: CrispScore = {
    found: failed.length > 0 === expectsFailure(want),
    recipient: null,
    reply: null,
    enhanced: null,
    verdict: null,
    command: null,
    remoteMta: null,
  };
  if (!expectsFailure(want)) return score;
  const every = (ok: (f: Finding) => boolean) => failed.length > 0 && failed.every(ok);
  if (want.recipient) score.recipient = every((f) => f.recipient?.toLowerCase() === want.recipient!.toLowerCase());
  if (want.reply && codeWritten(want.reply, text)) score.reply = every((f) => f.replyCode === want.reply);
  if (want.enhanced && codeWritten(want.enhanced, text))
    score.enhanced = every((f) => f.enhancedCode === want.enhanced);
  const category = want.category ?? '';
  const verdicts = want.temporary
    ? ['retry']
    : UNSCORED_CATEGORIES.has(category)
      ? undefined
      : CATEGORY_VERDICTS[category];
  if (want.category && !want.temporary && !verdicts && !UNSCORED_CATEGORIES.has(category))
    throw new Error(`category without a verdict row: ${category}`);
  if (verdicts) score.verdict = every((f) => verdicts.includes(f.verdict));
  if (want.command) score.command = every((f) => f.command === COMMANDS[want.command!]);
  if (want.remoteMta) score.remoteMta = every((f) => f.remoteMta?.toLowerCase() === want.remoteMta!.toLowerCase());
  return score;
}
