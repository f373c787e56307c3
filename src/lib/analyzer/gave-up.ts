/**
 * Whether the sending server has stopped trying a recipient and returned the message. A temporary
 * code then still says the address is fine and the cause may pass, but no queue will try again: the
 * sender sends it again (Gmail's "Delivery to the following recipient failed permanently" over a
 * TEMP_FAILURE, Postfix returning a message with Status: 4.4.1 when its queue time ran out).
 */
import { returnedByCode } from '../verdicts.ts';
import { PERMANENT } from './patterns.ts';
import type { Draft } from './types.ts';

/** A delivery status report's action for a recipient it has finished with (RFC 3464 2.3.3, and the non-standard ones). */
const DONE_ACTION = /^(?:failed|error|expired|undeliverable|failure|bounced?)\b/i;
/** A log line whose message is still queued: Postfix's status=deferred, Exim's "==". */
const LOG_QUEUED = /status=deferred\b|\s==\s/i;
/** A log line whose message was returned: Postfix's status=bounced or expired, Exim's "**". */
const LOG_RETURNED = /status=(?:bounced|expired|undeliverable)\b|\s\*\*\s/i;

/** A notice that says the server is still trying (a delay warning quoting "permanent" in passing). */
const STILL_TRYING =
  /will (?:be )?retr(?:y|ied)|will continue (?:to )?try|delivery attempts will continue|(?:do not|don't) need to resend|warning (?:message )?only|has been delayed|not yet been delivered/i;

/**
 * What a notice (not a log) says of its failures as a whole: 'final' when it calls them permanent,
 * or returns the message (qmail's "failure notice" with "Below this line is a copy of the message"
 * says nothing else), 'trying' when it says the server goes on trying (a delay warning, which may
 * quote the message's headers too), otherwise undefined. Read once per notice, not per finding.
 */
export function noticeState(notice: string, returned = false): 'final' | 'trying' | undefined {
  const head = notice.length > 200_000 ? notice.slice(0, 200_000) : notice;
  if (STILL_TRYING.test(head)) return 'trying';
  return returned || PERMANENT.test(head) ? 'final' : undefined;
}

/**
 * Whether this failure's message was returned, no longer queued: its own report or log line
 * decides, then what the notice says; an expired queue (X.4.7, 447) is returned unless the
 * notice says the server goes on trying.
 */
export function gaveUp(d: Draft, notice: 'final' | 'trying' | undefined): boolean {
  if (d.action) return DONE_ACTION.test(d.action);
  if (LOG_QUEUED.test(d.text)) return false;
  if (LOG_RETURNED.test(d.text)) return true;
  if (notice) return notice === 'final';
  // X.4.7 (and the reply 447): delivery time expired, the sending server's retries ran out.
  return returnedByCode(d.enhanced ?? '') || returnedByCode(d.reply ?? '');
}
