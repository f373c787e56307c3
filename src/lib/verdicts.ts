/** What each verdict asks a sender to do, and the SMTP stages in words. Shared by pages and JSON. */
import type { Stage, Verdict } from './dataset.ts';
import type { BounceType } from './codes.ts';

/** How to retry a temporary failure and when to stop: shown on code pages and by the analyzer. */
export const RETRY_SCHEDULE = {
  schedule:
    'Let the sending server retry with growing gaps: a first retry after 15 to 30 minutes, then hourly or slower.',
  giveUp:
    'A queue gives up after four to five days, as RFC 5321 (section 4.5.4.1) suggests; the address stays on your list.',
};

/** What a verdict means for the recipient address: remove it, keep it, or (no failure) nothing. */
export type AddressEffect = 'remove' | 'keep' | 'none';

export const VERDICTS: Record<Verdict, { label: string; advice: string; address: AddressEffect }> = {
  suppress: {
    label: 'Suppress the address',
    address: 'remove',
    advice:
      'The address is dead. Remove it from your lists and do not send to it again unless its owner gives it to you anew.',
  },
  'fix-message': {
    label: 'Fix the message',
    address: 'keep',
    advice:
      'This message was refused, not the address. Change what was refused (size, content, recipients, format), then send again.',
  },
  'fix-sender': {
    label: 'Fix the sender',
    address: 'keep',
    advice:
      'The sending side is blocked, unauthenticated or misconfigured. Keep the address; fix the sending setup, then send again.',
  },
  retry: {
    label: 'Retry later',
    advice: `Temporary: keep the address and send again later, unchanged. ${RETRY_SCHEDULE.schedule} ${RETRY_SCHEDULE.giveUp}`,
    address: 'keep',
  },
  none: { label: 'No action', advice: 'Not a failure: nothing to retry and nothing to fix.', address: 'none' },
};

/** The headline of a page whose action depends on the text. */
export const DEPENDS_LABEL = 'Depends on the reason: read the text';

/**
 * What a page says about the address: one verdict's effect, or for a decision table "keep" when no
 * row removes it, "depends" when some do.
 */
export function addressEffect(
  verdict: Verdict | undefined,
  decisions?: { verdict: Verdict }[],
): AddressEffect | 'depends' | undefined {
  if (decisions) {
    const effects = new Set(decisions.map((d) => VERDICTS[d.verdict].address));
    return effects.size === 1 ? [...effects][0] : 'depends';
  }
  return verdict ? VERDICTS[verdict].address : undefined;
}

/** The bounce type in words: it describes the failure, not what to do with the address. */
export const BOUNCE_TYPE_LABELS: Record<BounceType, string> = {
  hard: 'Hard bounce',
  soft: 'Soft bounce',
  info: 'Not a failure',
};

/**
 * The two badges a search result or suggestion carries, as [label, CSS class]: the bounce type and
 * what to do, labelled apart so nobody reads "hard bounce" as "drop the address".
 */
export function resultBadges(h: {
  bounceType?: BounceType;
  verdict?: Verdict | 'depends';
}): [label: string, cls: string][] {
  const out: [string, string][] = [];
  if (h.bounceType) out.push([BOUNCE_TYPE_LABELS[h.bounceType], h.bounceType]);
  if (h.verdict === 'depends') out.push(['Depends on the text', 'addr-depends']);
  else if (h.verdict && h.verdict !== 'none')
    out.push([VERDICTS[h.verdict].label, VERDICTS[h.verdict].address === 'remove' ? 'addr-remove' : 'addr-keep']);
  return out;
}

export const ADDRESS_LABELS: Record<AddressEffect | 'depends', string> = {
  remove: 'remove it',
  keep: 'keep it',
  depends: 'depends on the text',
  none: 'not affected',
};

export const STAGES: Record<Stage, string> = {
  connection: 'On connecting (the greeting or any reply that ends the session)',
  helo: 'In reply to HELO/EHLO',
  auth: 'In reply to AUTH (logging in to a submission server)',
  'mail-from': 'In reply to MAIL FROM (the envelope sender)',
  'rcpt-to': 'In reply to RCPT TO (each recipient)',
  data: 'After DATA (once the message itself was sent)',
  command: 'In reply to another command (HELP, VRFY, ETRN, NOOP, STARTTLS, QUIT …)',
  dsn: 'Later, in a bounce message (DSN) after the message was first accepted',
};
