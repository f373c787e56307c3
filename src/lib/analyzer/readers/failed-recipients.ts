/**
 * Reader of last resort for a notice that lists its failed recipients in X-Failed-Recipients but
 * tells the failure in words no other reader found a failure in (Google Groups in forty languages,
 * Exim's "pipe to |…" and "an MX or SRV record indicated no SMTP service"). One draft per listed
 * recipient; the reason phrases read the lines that name it, else the whole notice.
 */
import { HEADER_FIELD, PERMANENT } from '../patterns.ts';
import { reasonFromWords } from '../reason.ts';
import { ruleOf } from '../rules.ts';
import { MAX_TEXT, type Draft, type ReasonData } from '../types.ts';
import { REASON_CODE } from './words.ts';

/** The notice's words: no header lines, no blank lines, one space between words. */
const noticeOf = (lines: string[]) =>
  lines
    .filter((l) => l.trim() && !HEADER_FIELD.test(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();

export function fromFailedRecipients(failed: string[], text: string, reasons: ReasonData): Draft[] {
  const lines = text.split(/\r\n|\r|\n/);
  const permanent = PERMANENT.test(text);
  return failed.map((recipient) => {
    const at = lines.findIndex((l) => l.toLowerCase().includes(recipient.toLowerCase()));
    // The line that names the recipient and the few after it (Exim puts the reason on the next one).
    const near = at >= 0 ? noticeOf(lines.slice(at, at + 4)) : '';
    const whole = noticeOf(lines).slice(0, MAX_TEXT);
    const nearReason = near ? reasonFromWords(near, reasons) : undefined;
    const reason = nearReason ?? reasonFromWords(whole, reasons);
    const words = nearReason ? near : whole;
    const code = reason ? REASON_CODE[reason]?.[permanent ? 1 : 0] : ruleOf(words)?.code;
    return {
      recipient,
      enhanced: code ?? '5.0.0',
      inferred: true,
      text: words.slice(0, MAX_TEXT),
      line: at >= 0 ? at + 1 : 1,
      shape: 'text',
    };
  });
}
