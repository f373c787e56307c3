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
      'This address cannot receive mail as written. Remove it from your lists and do not send to it again unless its owner gives you one that works.',
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

/**
 * Where a failure's reason says more than its verdict's advice. An address on the sending service's
 * own suppression list (SparkPost's "recipient address suppressed", SendGrid's dropped "Unsubscribed
 * Address") was never tried: it is not known to be dead, but it must stay off the list.
 */
export const REASON_ADVICE: Readonly<Record<string, string>> = {
  suppressed:
    'Your sending service did not try to deliver: the address is on its suppression list, after an earlier hard bounce, a complaint or an unsubscribe. Keep it off your list; take it off the suppression list only if you know that cause no longer holds.',
};

/** The advice for a finding that is not retried: its reason's own, else its verdict's. */
/**
 * A failure inferred from words that say only that delivery failed (reason onhold): its verdict is
 * the code class's default, so its advice says only what holds whatever the cause (the finding's
 * warning says why and asks for the whole bounce), not the verdict's "change what was refused".
 */
export const NO_REASON_ADVICE =
  'The text does not say what was refused. Keep the address, and do not send this message again unchanged until you know why it failed.';

export const findingAdvice = (f: { verdict: Verdict; reason?: string; inferred?: boolean }): string =>
  f.inferred && f.reason === 'onhold'
    ? NO_REASON_ADVICE
    : (f.reason && REASON_ADVICE[f.reason]) || VERDICTS[f.verdict].advice;

/**
 * "Retry" on a permanent (5xx) reply. The condition behind it passes (a rate limit, a fault on the
 * receiving side), but the reply ended the attempt: no server queues it for another try, so the
 * queue's retry schedule does not apply and the sender has to send it again.
 */
export const RESEND_SCHEDULE = {
  schedule:
    'The condition is temporary but the reply was permanent (5xx), so no server retries this message: keep the address and send it again later yourself, once the limit or fault has cleared.',
  giveUp: 'If it fails the same way on separate sends over several days, find out why before sending more.',
};

/**
 * "Retry" on a temporary failure the sending server has stopped trying: it returned the message
 * (its queue time ran out, or it called the failure final), so nothing retries it any more.
 */
export const GAVE_UP_SCHEDULE = {
  schedule:
    'The sending server has stopped trying and returned the message: keep the address and send it again yourself later, once the cause has cleared.',
  giveUp: RESEND_SCHEDULE.giveUp,
};

/** The page's advice for a retry on a 5xx: the same words as the finding's schedule. */
export const RESEND_ADVICE = `${RESEND_SCHEDULE.schedule} ${RESEND_SCHEDULE.giveUp}`;

/** "Retry" on a temporary code that itself says the sending server gave up (X.4.7): the sender sends again. */
export const GAVE_UP_ADVICE = `${GAVE_UP_SCHEDULE.schedule} ${GAVE_UP_SCHEDULE.giveUp}`;

/**
 * A code that itself says the sending server stopped trying: X.4.7 (delivery time expired) and the
 * non-standard reply 447 its pages pair with it ("message timed out").
 */
export const returnedByCode = (code: string) => /^(?:[45]\.4\.7|447)$/.test(code);

/**
 * The advice a verdict gives on a code or text of this class (the first digit); `returned`: the code
 * says the sending server has already given up, so no queue retry is coming.
 */
export function verdictAdvice(verdict: Verdict, classDigit?: string, returned = false): string {
  if (verdict !== 'retry') return VERDICTS[verdict].advice;
  if (classDigit === '5') return RESEND_ADVICE;
  return returned ? GAVE_UP_ADVICE : VERDICTS.retry.advice;
}

/** The class that decides whether the sending server retries: the reply code's, else the enhanced code's. */
export function replyClass(v: { reply?: string; enhanced?: string }): string | undefined {
  return (v.reply ?? v.enhanced)?.[0];
}

/**
 * The bounce type of one provider text. It follows what the text says, not only its digit: a text
 * we say to retry is a temporary failure (soft) even when sent as 550 (GoDaddy's hourly limits), and
 * one that says the address is dead is permanent (hard) even on a code that is usually soft
 * (Gmail's full and inactive mailbox, 5.2.2). Otherwise the class decides, as on the code pages.
 * So a text never carries "Hard bounce" beside "Retry later", nor "Soft bounce" beside "Suppress".
 */
export function textBounceType(v: { reply?: string; enhanced?: string; verdict: Verdict }): BounceType {
  if (v.verdict === 'retry') return 'soft';
  if (v.verdict === 'suppress') return 'hard';
  if (v.verdict === 'none') return 'info';
  return replyClass(v) === '4' ? 'soft' : 'hard';
}

/** Said beside a text whose bounce type is not its class's: why, and what that means for retrying. */
export function textTypeNote(v: { reply?: string; enhanced?: string; verdict: Verdict }): string | undefined {
  const cls = replyClass(v);
  if (cls === '5' && v.verdict === 'retry')
    return 'Sent with a permanent 5xx code: your server will not retry it, so send it again later.';
  if (cls === '4' && v.verdict === 'suppress')
    return 'Sent with a temporary 4xx code, but the text says the address is gone.';
  return undefined;
}

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
