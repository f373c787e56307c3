/**
 * The one line the /analyze/ page announces after an analysis (a polite live region): how many
 * failures, and the first one's codes and verdict, e.g.
 * "2 failures found. First: 550 5.1.1, Suppress the address (+1 more)."
 * A 2xx/3xx finding (a log's delivery line, a DSN's "Action: delivered") is a report of success:
 * it is counted apart and never called a failure.
 */
import { VERDICTS } from './verdicts.ts';
import type { Verdict } from './dataset.ts';
import type { Feedback } from './analyzer/types.ts';

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

/** Who a report names: up to three addresses, then a count. */
function who(recipients: readonly string[]): string {
  if (recipients.length === 0) return 'The recipient (the report does not say who)';
  if (recipients.length === 1) return recipients[0];
  if (recipients.length <= 3) return `${recipients.slice(0, -1).join(', ')} and ${recipients.at(-1)}`;
  return `${count(recipients.length, 'recipient', 'recipients')} (${recipients.slice(0, 2).join(', ')}, …)`;
}

/** What a complaint report says the recipient did, by its Feedback-Type (RFC 5965 §7.3). */
const REPORTED: Record<string, string> = {
  abuse: 'reported your message as spam',
  fraud: 'reported your message as fraud or phishing',
  virus: 'reported your message as carrying a virus',
  other: 'complained about your message',
};

/** The summary of a report that is not a bounce: a complaint, an opt-out, an authentication report. */
function feedbackSummary(f: Feedback): string {
  if (f.type === 'auth-failure')
    return "No failure: this is an authentication failure report (RFC 6591), not a bounce. A receiving server saw a message in your domain's name fail SPF, DKIM or DMARC. If it came from your own servers, fix that check; if not, someone else is sending as your domain.";
  if (f.type === 'not-spam') return 'No failure: this feedback report says a message is not spam. Nothing to do.';
  if (f.type === 'opt-out')
    return `No failure: this is an opt-out report, not a bounce. ${who(f.recipients)} asked to get no more mail from you: take them off the list.`;
  const did = REPORTED[f.type];
  if (!did) return `No failure: this is a feedback report (type "${f.type}"), not a bounce.`;
  const them = f.recipients.length > 1 ? 'them' : 'this address';
  return `No failure: this is a complaint, not a bounce. ${who(f.recipients)} ${did}. Stop sending to ${them}; the mailbox itself works.`;
}

export function analysisSummary(
  findings: readonly SummaryFinding[],
  options: { shown?: number; truncated?: boolean; challenge?: boolean; feedback?: Feedback } = {},
): string {
  const failures = findings.filter(isFailure);
  const successes = findings.filter((f) => !isFailure(f));
  const n = failures.length;
  const cut = options.truncated ? ' The text was cut to the first 4 MB.' : '';
  if (findings.length === 0 && options.challenge)
    return `No failure: this is a challenge-response request. The recipient's filter holds the message until the sender confirms; the address is fine, and sending again only brings another request.${cut}`;
  const { feedback } = options;
  if (findings.length === 0 && feedback) return `${feedbackSummary(feedback)}${cut}`;
  // A webhook batch may hold complaints beside its failures and deliveries.
  const complainers = feedback?.recipients.length ?? 0;
  const complained = complainers
    ? ` Also ${count(complainers, 'spam complaint', 'spam complaints')}: stop sending to ${complainers > 1 ? 'them' : 'that address'}.`
    : '';
  if (findings.length === 0)
    return `No failure found: this does not look like a bounce, or it holds no code or known wording.${cut}`;
  if (n === 0) {
    const codes = codesOf(successes[0]);
    const first = codes ? ` (${successes.length === 1 ? '' : 'first: '}${codes})` : '';
    return `No failure found: ${count(successes.length, 'report', 'reports')} of success${first}, nothing to do.${complained}${cut}`;
  }
  const first = failures[0];
  const codes = codesOf(first);
  const what = `${codes ? `${codes}, ` : ''}${VERDICTS[first.verdict].label}`;
  const shown = options.shown !== undefined && n > options.shown ? ` (first ${options.shown} shown)` : '';
  const also =
    (successes.length ? ` Also ${count(successes.length, 'report', 'reports')} of success: no action.` : '') +
    complained;
  if (n === 1) return `1 failure found: ${what}.${also}${cut}`;
  return `${count(n, 'failure', 'failures')} found${shown}. First: ${what} (+${(n - 1).toLocaleString('en-US')} more).${also}${cut}`;
}
