/**
 * Feedback reports: not failures. A mailbox provider's RFC 5965 report (a message/feedback-report
 * part) tells the sender that a recipient marked a message as spam (Feedback-Type: abuse), fraud or
 * a virus; RFC 6591 uses the same format for a message sent in the sender's name that failed SPF,
 * DKIM or DMARC (auth-failure). Nothing bounced, so the analyzer says who complained instead of
 * reporting a failure.
 */
import type { Feedback } from '../types.ts';
import { headerFields } from '../header-fields.ts';
import { findAddress } from './address.ts';

/** Report types about a recipient's complaint; the others (auth-failure, not-spam) name no complainer. */
const COMPLAINTS = new Set(['abuse', 'fraud', 'virus', 'other', 'opt-out']);

/**
 * The report's type and the recipients who complained: its Original-Rcpt-To fields (RFC 5965
 * §3.2, often hashed or redacted by the provider), else the To of the message it returns.
 */
export function feedbackReport(fields: string, originalTo: readonly string[] = []): Feedback {
  let type = 'other';
  const named: string[] = [];
  for (const { name, value } of headerFields(fields)) {
    if (name === 'feedback-type' && value) type = value.toLowerCase();
    else if (name === 'original-rcpt-to') {
      const address = findAddress(value)?.address;
      if (address) named.push(address);
    }
  }
  if (!COMPLAINTS.has(type)) return { type, recipients: [] };
  const recipients = named.length ? named : originalTo.flatMap((t) => findAddress(t)?.address ?? []);
  return { type, recipients: [...new Set(recipients)] };
}

/**
 * Microsoft's complaint feedback (JMRP, for Outlook.com and Hotmail users) is not RFC 5965: the
 * report is the message complained about, attached as message/rfc822, with the complainer's address
 * in an X-HmXmrOriginalRecipient header Microsoft adds to it (bounce handlers such as
 * PHP-Bounce-Handler and CiviCRM read the same field). `headers`: the attached message.
 */
export function jmrpComplaint(headers: string): Feedback | undefined {
  const field = headerFields(headers).find((f) => f.name === 'x-hmxmroriginalrecipient');
  if (!field) return undefined;
  const address = findAddress(field.value)?.address;
  return { type: 'abuse', recipients: address ? [address] : [] };
}
