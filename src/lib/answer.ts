/**
 * The code page's answer card: whether to retry and who has to act, read off the verdict model
 * (src/lib/verdicts.ts) so the card can never say something the verdict section does not.
 */
import type { Verdict } from './dataset.ts';

export interface Answer {
  /** Can the same message simply be sent again? */
  retry: string;
  /** Who has to act for mail to this address to get through. */
  who: string;
}

const BY_VERDICT: Record<Verdict, Answer> = {
  suppress: {
    retry: 'No: not to this address as written',
    who: 'Nobody on your side: only the address’s owner can give you one that works',
  },
  'fix-message': {
    retry: 'Not unchanged: send again after changing the message',
    who: 'You, the sender: change the message',
  },
  'fix-sender': {
    retry: 'Not unchanged: send again after fixing the sending side',
    who: 'You, the sender (your mail server, domain or IP)',
  },
  // Not "nobody": a retry verdict also covers faults the receiving side must repair (a loop, a bad certificate).
  retry: {
    retry: 'Yes: your server retries later, unchanged',
    who: 'The receiving side, unless the condition passes by itself; you only retry',
  },
  none: { retry: 'Nothing to retry: not a failure', who: 'Nobody' },
};

/**
 * Who acts on a temporary failure depends on what failed: the recipient's mailbox (X.2.x: full or
 * disabled, the recipient) or their mail system or network (X.3.x, X.4.x: the recipient's admin).
 */
const RETRY_OWNER: Record<string, string> = {
  '2': 'The recipient (their mailbox); you only retry',
  '3': 'The recipient’s mail administrator; you only retry',
  '4': 'The recipient’s mail administrator or the network; you only retry',
};

/** A permanent (5xx) reply is not queued again: the sender resends (src/lib/verdicts.ts RESEND_ADVICE). */
const RESEND = 'Yes, later, but by you: a 5xx reply is not retried by your server, so send it again';

/**
 * The card's retry and who-acts lines. On a class 5 page a retry verdict means sending again, not
 * waiting for the queue, which stopped at the permanent reply. A page with a decision table gets a line that points to the
 * table unless every row agrees.
 */
export function answerFor(
  verdict: Verdict | undefined,
  decisions?: readonly { verdict: Verdict }[],
  subjectDigit?: string,
  classDigit?: string,
): Answer | undefined {
  if (decisions && decisions.length > 0) {
    const verdicts = new Set(decisions.map((d) => d.verdict));
    if (verdicts.size > 1) {
      const retry = verdicts.has('retry')
        ? 'Depends on the text: some readings are temporary'
        : 'Not unchanged: every reading needs a change or a removal';
      return { retry, who: 'Depends on the text: see the table below' };
    }
    return answerFor([...verdicts][0], undefined, subjectDigit, classDigit);
  }
  if (!verdict) return undefined;
  if (verdict !== 'retry') return BY_VERDICT[verdict];
  const answer = { ...BY_VERDICT.retry };
  if (subjectDigit && RETRY_OWNER[subjectDigit]) answer.who = RETRY_OWNER[subjectDigit];
  if (classDigit === '5') {
    answer.retry = RESEND;
    answer.who = answer.who.replace('; you only retry', '; you send again later');
  }
  return answer;
}
