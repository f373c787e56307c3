/** The regular expressions the readers share. Each runs on one line cut to a bounded length. */

export const PERMANENT = /failed permanently|permanent (?:error|failure|fatal)|this is a permanent/i;
export const NO_RETRY =
  /retrying will not succeed|will not succeed|do not retry|permanently (?:deferred|rejected|blocked)|will be permanently/i;

// A reply code where a reply starts: at the start of a line (after quotes, "smtp;", "#"…) or
// after words that introduce one ("said:", "returned '", "error:").
// Reply codes are 2xx, 4xx, 5xx and the three real 3xx replies (334, 354, 355): "308" in a log is a pid.
export const CODE = '(?:[245][0-9]{2}|3(?:34|54|55))';
export const REPLY_START = new RegExp(
  `^[\\s>'"([<#*]{0,40}(?:(?:smtp|x-postfix|x-unix|mailbox);[ \\t]{0,4})?(?:remote server returned[ \\t]{0,4}')?['"#]{0,4}(${CODE})([ -]|$|: )`,
  'i',
);
// After words or keys that introduce a reply: "said:", "refused to talk to me:", "]:", JSON "code": …
export const REPLY_AFTER = new RegExp(
  `(?:smtp;|said:|failed with:|reason:|returned|was:|error:|reply:|recv:|response[:=]|answered:|talk to me:|got data|from remote:|fatalerror -|code [\\w ]{0,20}"|\\][:,]|>:|@[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63}){0,8}\\.[a-z]{2,24}:|<<<|c="|host \\S{1,255} (?:said|replied):?|["']?(?:code|smtp_?code|reply_?code|status(?:_?code)?|reason|response|smtp_?response|error|message|description|diagnostic_?code)["']?[ \\t]{0,4}(?:=>|[:=])[ \\t]{0,4}["']?(?:smtp;[ \\t]{0,4})?)[ \\t]{0,8}['"(#]?[ \\t]{0,4}(${CODE})(["' ,-]|$)`,
  'i',
);
/** A reply code followed by an enhanced code, anywhere: the surest sign of a reply. */
export const REPLY_ENHANCED = new RegExp(
  `(?<![0-9A-Za-z.])(${CODE})([ -])[245]\\.[0-9]{1,3}\\.[0-9]{1,3}(?![0-9]|\\.[0-9])`,
);
export const ENHANCED_AT =
  /^\s*(?:#\s*)?(?:[2-5][0-9]{2}[ -])?(?:[a-z_]{1,12}\s+)?([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9.])/;
export const ENHANCED_FIELD =
  /(?:dsn=|(?:status|error(?:_?code)?|reason|enhanced_?code|diagnostic_?code)["']?\s*(?:=>|[:=])\s*["']?(?:smtp;\s*)?|#)([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9.])/i;
/** "550-5.1.1 " or "550 " tokens that wrapped replies repeat inside the text. */
export const INNER_CODES = /(?<![0-9A-Za-z.])(?:[245][0-9]{2})[ -](?:[245]\.[0-9]{1,3}\.[0-9]{1,3}(?![0-9])\s?)?/g;
/** An enhanced code opening a line ("5.7.708 Service unavailable"); counted only with failure words. */
export const LEAD_ENHANCED = /^\s*["'([]?([245]\.[0-9]{1,3}\.[0-9]{1,3})\s+<?[A-Za-z]/;
export const FAILURE_WORDS =
  /unavailable|denied|reject|refused|fail|error|invalid|unknown|blocked|exceeded|not (?:found|allowed|accepted|permitted)|temporar|try again|does not exist|disabled|full|quota/i;
export const ANY_ENHANCED = /(?<![0-9.])([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9]|\.[0-9])/;
// Only bounce-looking text gets codes inferred from its words; an ordinary email that says "spam" is not a bounce.
export const BOUNCE_MARKERS =
  /undeliver|delivery (?:status |has )?(?:failed|failure|notification|incomplete|delayed)|returned mail|mail delivery|could not be delivered|failure notice|non-delivery|bounce|status=(?:bounced|deferred)|mailer-daemon|postmaster|delivery to the following|permanent error|temporary error|message not delivered|(?:has|have) not been delivered|delivery problem|original message follows/i;
export const HEADER_FIELD =
  /^(?:received|arc-[a-z-]+|authentication-results|dkim-signature|x-[a-z0-9-]+|received-spf|return-path|message-id|content-[a-z-]+|mime-version|thread-[a-z]+|accept-language|content-language|references|in-reply-to):/i;
/**
 * A mail log's failure line: Postfix's status=, or Exim's "**" (failed) and "==" (deferred) before
 * the address. The address must follow: a notice's banner ("** Address not found **", Gmail) or a
 * row of "=" is not a log.
 */
export const LOG_FAILURE = /status=(?:deferred|bounced|expired|undeliverable)|(?:^|\s)(?:\*\*|==) <?[^\s<>@]{1,64}@/i;
/** A DSN field we read. X400-Supplementary-Info: an X.400 gateway's copy of the SMTP error it was given. */
export const DSN_FIELD =
  /^(final-recipient|original-recipient|action|status|diagnostic-code|remote-mta|x400-supplementary-info)[ \t]*:[ \t]*/i;
/**
 * A notice's sentence that says delivery failed without saying why, naming the recipients after it
 * (on the same line or listed below): "Delivery to the following recipients failed permanently:",
 * "The following recipients did not receive your message:", "undeliverable to a@b", "There was an
 * error delivering your mail to <a@b>" (DragonFly), "An error occurred while trying to deliver the
 * mail to the following recipients:" (Amazon SES's text part); and the same
 * sentence in the other languages the reason phrases cover ("could not be delivered": Sina's
 * "导致邮件无法送达" above its list of addresses, "konnte nicht zugestellt werden", "配信できませんでした").
 */
export const FAILED_TO = new RegExp(
  [
    /(?:following (?:recipients?|addresses|address|destinations?)|these (?:recipients?|addresses))[^.:]{0,40}?(?:failed|did not receive|could not be (?:reached|delivered)|(?:has|have) been delayed|(?:was|were) delayed|(?:was|were) aborted|undeliverable|not delivered|(?:permanent (?:fatal )?|delivery )errors)|(?:could not|couldn't|can ?not) be delivered to|(?:was|were|is|has been|message) not delivered to|(?:was|were)n't delivered to|(?:unable|failed) to deliver (?:(?:the |your |this )?(?:e-?mail|mail|message) )?to|failed addresses follow|(?:not be|be not|n't be) delivered to|not able to be\s{1,3}delivered\s{1,3}to|did not reach the following|undeliverable\s{1,4}to\b|delivery to the following recipients?|intended recipient:|delivery of email to this address|error (?:occurred )?(?:while )?(?:trying to )?deliver(?:ing)? (?:the |your |this )?(?:e-?mail|mail|message) to/
      .source,
    // zh (simplified, traditional), ja, de, fr, es, it, pt, nl, sv, ru: "could not be delivered", "delivery failed".
    '无法送达|无法投递|投递失败|無法送達|無法投遞|傳送失敗|配信できませんでした|送信できませんでした|配信に失敗しました',
    'nicht zugestellt werden|pas pu être (?:remis|distribué|délivré)|no se (?:ha )?pudo entregar|non è stato possibile (?:recapitare|consegnare)',
    'não foi possível entregar|não pôde ser entregue|kon niet worden (?:afgeleverd|bezorgd)|kunde inte levereras|не (?:может быть|удалось|было) доставлено|не удалось доставить',
  ].join('|'),
  'i',
);
/** The same sentence when it says the message is delayed, not refused. */
export const DELAYED_TO = /delayed|postponed|will (?:continue to )?(?:be )?(?:retr|tr)/i;
/**
 * A challenge-response notice: the recipient's filter holds the message until the sender confirms,
 * so it is not a failure of the address (Boxbe's "Sender not pre-approved" report, "Your message …
 * has been waitlisted", as in Mail::DeliveryStatus::BounceParser's t/corpus/boxbe-cr*.msg).
 */
export const CHALLENGE =
  /sender not pre-approved|(?:has been|was) waitlisted|add yourself to my (?:boxbe )?guest list/i;

/** Who sends a notice (its From), and what a notice's subject says. */
export const NOTICE_SENDER = /mailer-daemon|postmaster|mail delivery|delivery subsystem|mail administrator|\bmailer\b/i;
export const NOTICE_SUBJECT =
  /undeliver|returned mail|delivery (?:status|fail|notification|problem)|failure notice|non-?delivery|could not be delivered|mail delivery|delivery report|warning: could not send|not delivered|error/i;

/** A subject that forwards another email: "Fwd:", "Fw:", "TR:" (French), "WG:" (German), "RV:" (Spanish). */
export const FORWARD_PREFIX = /^\s*(?:fwd?|tr|wg|rv)\s*:/i;
/** The prefixes of a subject that answers another: "Re:", "AW:" (German), "SV:" (Nordic), "Antw:" (Dutch), "RES:" (Portuguese). */
export const REPLY_PREFIXES = /^\s*(?:(?:re|aw|sv|antw|res)\s*:\s*)+/i;

/**
 * Where a notice names the host it talked to ("host mx.example.com[192.0.2.1] said:", Postfix's
 * "connect to mx.example.com[192.0.2.1]:25:" and "lost connection with" / "conversation with
 * mx.example.com[192.0.2.1]", Exim's "host mx.example.com [192.0.2.1]"): the
 * remote MTA, not the sender. A label may hold "_" ("balancer_haproxy.example.com.br"): no host
 * name should, but DNS names do, and cutting there names another host. Global: the page's bounce
 * facts take every one.
 */
export const REMOTE_HOST =
  /\b(?:host|connect to|delivery to host|mx|connection with|conversation with)[ \t\r\n]{1,20}([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}\.)+[A-Za-z]{2,63})[ \t]?\[([0-9A-Fa-f.:]{3,45})\]/gi;
const FIRST_REMOTE_HOST = new RegExp(REMOTE_HOST.source, 'i');
const HOST_CHAR = /[A-Za-z0-9_.-]/;
/** Exchange's diagnostic line: "<recipient> <remote host> Remote Server returned '550 …'". */
const EXCHANGE_RETURNED = /@[^\s@]{1,253} ([A-Za-z0-9.-]{1,253}) remote server returned /i;

/** A host name (dotted, its last label letters), lower-cased; undefined for anything else. */
export function hostName(candidate: string): string | undefined {
  const top = candidate.slice(candidate.lastIndexOf('.') + 1);
  return candidate.includes('.') && /^[A-Za-z]{2,63}$/.test(top) ? candidate.toLowerCase() : undefined;
}

/** The first remote host a failure's text names, lower-cased (the one our side talked to). */
export function remoteHostIn(text: string): string | undefined {
  const named = FIRST_REMOTE_HOST.exec(text)?.[1];
  if (named) return named.toLowerCase();
  const exchange = EXCHANGE_RETURNED.exec(text)?.[1];
  if (exchange) return hostName(exchange);
  // Postfix wraps after "host", so the line with the reply opens with "mx.example.com[192.0.2.1]
  // said:". Read backwards from "] said:", without an expression no checker could prove linear.
  const said = text.indexOf('] said:');
  const open = said < 0 ? -1 : text.lastIndexOf('[', said);
  if (open < 0 || said - open > 46 || !/^[0-9A-Fa-f.:]{3,45}$/.test(text.slice(open + 1, said))) return undefined;
  const end = text[open - 1] === ' ' ? open - 1 : open;
  let start = end;
  while (start > 0 && end - start < 253 && HOST_CHAR.test(text[start - 1])) start--;
  return hostName(text.slice(start, end));
}
