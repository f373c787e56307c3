/** What each verdict asks a sender to do, and the SMTP stages in words. Shared by pages and JSON. */
import type { Stage, Verdict } from './dataset.ts';

/** How to retry a temporary failure and when to stop: shown on code pages and by the analyzer. */
export const RETRY_SCHEDULE = {
  schedule:
    'Let the sending server retry with growing gaps: a first retry after 15 to 30 minutes, then hourly or slower.',
  giveUp:
    'Give up after four to five days, as RFC 5321 (section 4.5.4.1) suggests; for bulk mail, suppress an address only after it has failed on three or more separate sends.',
};

export const VERDICTS: Record<Verdict, { label: string; advice: string }> = {
  suppress: {
    label: 'Suppress the address',
    advice:
      'The address is dead. Remove it from your lists and do not send to it again unless its owner gives it to you anew.',
  },
  'fix-message': {
    label: 'Fix the message',
    advice:
      'This message was refused, not the address. Change what was refused (size, content, recipients, format), then send again.',
  },
  'fix-sender': {
    label: 'Fix the sender',
    advice:
      'The sending side is blocked, unauthenticated or misconfigured. Keep the address; fix the sending setup, then send again.',
  },
  retry: { label: 'Retry later', advice: `Temporary. ${RETRY_SCHEDULE.schedule} ${RETRY_SCHEDULE.giveUp}` },
  none: { label: 'No action', advice: 'Not a failure: nothing to retry and nothing to fix.' },
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
