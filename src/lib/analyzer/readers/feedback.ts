/**
 * Feedback reports: not failures. A mailbox provider's RFC 5965 report (a message/feedback-report
 * part) tells the sender that a recipient marked a message as spam (Feedback-Type: abuse), fraud or
 * a virus; RFC 6591 uses the same format for a message sent in the sender's name that failed SPF,
 * DKIM or DMARC (auth-failure). Nothing bounced, so the analyzer says who complained instead of
 * reporting a failure.
 */
import type { Feedback } from '../types.ts';
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
  for (const line of fields.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
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
  const end = headers.search(/\r?\n\r?\n/);
  const head = (end < 0 ? headers : headers.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  for (const line of head.split(/\r?\n/)) {
    if (!/^x-hmxmroriginalrecipient\s*:/i.test(line)) continue;
    const address = findAddress(line.slice(line.indexOf(':') + 1))?.address;
    return { type: 'abuse', recipients: address ? [address] : [] };
  }
  return undefined;
}
