/**
 * Words that identify a failure when there is no code, and decide an ambiguous reply code.
 * Registry meanings; first match wins, so specific phrases come before general ones.
 */
export interface WordRule {
  /** Where the words are in a text, if they are there. */
  find: (text: string) => Span | undefined;
  code: string;
  why: string;
  permanent?: string;
}

export interface Span {
  start: number;
  end: number;
}

/** A rule's words as one expression. */
function words(re: RegExp): WordRule['find'] {
  return (text) => {
    const m = re.exec(text);
    return m ? { start: m.index, end: m.index + m[0].length } : undefined;
  };
}

/**
 * A word followed, on the same line and within `within` characters, by one of `then` ("SPF
 * validation for example.com did not pass"), before any of `stop` (in "SPF=pass DKIM=fail" the
 * failure is DKIM's); or, wherever it is, `alone`. Written as one expression, the gap (".{0,60}")
 * is one recheck cannot prove linear; here each occurrence of the word costs one look at the few
 * characters after it, so the whole is linear.
 */
function near(word: RegExp, then: RegExp, stop: RegExp, within: number, alone: RegExp): WordRule['find'] {
  if (!word.global) throw new Error('near(): the word is searched for again and again: give it the g flag');
  const findAlone = words(alone);
  return (text) => {
    const found = findAlone(text);
    word.lastIndex = 0;
    for (let m = word.exec(text); m && (!found || m.index < found.start); m = word.exec(text)) {
      const from = m.index + m[0].length;
      const window = text.slice(from, from + within + 20);
      const end = window.search(stop);
      const after = end < 0 ? window : window.slice(0, end);
      const t = then.exec(after);
      if (t && t.index <= within && !after.slice(0, t.index).includes('\n'))
        return { start: m.index, end: from + t.index + t[0].length };
    }
    return found;
  };
}

export const RULES: WordRule[] = [
  {
    find: words(
      /retry timeout exceeded|delivery time expired|message expired|expired in queue|could not be delivered for \d+ (?:days|hours)|undelivered for \d+ days/i,
    ),
    code: '4.4.7',
    why: 'the sending server gave up after retrying',
  },
  {
    // "mail for example.com loops back to myself" (Postfix): the words after the domain say it.
    find: words(/too many hops|mail loop|routing loop|hop count exceeded|loops back to myself/i),
    code: '5.4.6',
    why: 'a mail loop',
  },
  {
    find: words(
      /temporary failure in name resolution|name service error.{0,120}try again|host not found, try again|dns (?:lookup|resolution) (?:failed|timed out) temporarily|temporary dns/i,
    ),
    code: '4.4.3',
    why: 'a temporary DNS failure',
  },
  {
    find: words(
      /unroute?able sender|sender address (?:rejected|does not exist)|sender verify failed|sender domain (?:does not exist|not found|must exist)|domain of sender address|sender address domain/i,
    ),
    code: '5.1.8',
    why: 'the sender address was refused',
  },
  {
    find: words(
      /host or domain name not found|domain (?:name )?(?:does not exist|not found)|\bunknown host\b|unrouteable (?:mail )?(?:address|domain)|no mx (?:record|host)s?|nxdomain|all relevant mx records point to non-existent hosts|all host address lookups failed permanently|recipient domain .{0,40}not found/i,
    ),
    code: '5.1.2',
    why: 'the recipient domain does not exist',
  },
  {
    // The host between "connect to" and "timed out" is one word ("mx.example.com[192.0.2.1]:25:"):
    // [^\s]+ cannot run into the words after it, so recheck proves the expression linear.
    find: words(
      /connection timed out|timed out while connecting|connect(?:ion)? to [^\s]+ (?:timed out|refused)|connection refused|no route to host|network is unreachable|could not connect|unable to connect|did not accept our requests to connect|\d: timed out\]/i,
    ),
    code: '4.4.1',
    why: 'the receiving server could not be reached',
  },
  {
    find: words(
      /lost connection|connection (?:dropped|reset|closed)|conversation with .{1,120} timed out|unexpected end of file|broken pipe/i,
    ),
    code: '4.4.2',
    why: 'the connection broke off',
  },
  {
    find: words(/greylisted|graylisted|greylisting in (?:action|effect)|you are being greylisted/i),
    code: '4.2.0',
    why: 'greylisting',
  },
  {
    find: words(
      /mailbox (?:is )?full|over ?quota|quota exceeded|exceeded (?:the )?storage|out of storage|mailbox size limit|insufficient (?:disk )?space|storage allocation/i,
    ),
    code: '4.2.2',
    permanent: '5.2.2',
    why: 'the mailbox is full',
  },
  { find: words(/too many recipients/i), code: '4.5.3', why: 'too many recipients' },
  {
    find: words(
      /message (?:size )?(?:exceeds|too (?:large|big))|message is too (?:large|big)|size limit|too large for this|exceeded .{0,30}message size/i,
    ),
    code: '5.3.4',
    why: 'the message is too large',
  },
  {
    find: words(
      /deactivated mailbox|mailbox (?:has been )?deactivated|account (?:has been |is )?(?:disabled|inactive|suspended|deactivated|locked)|mailbox (?:is )?(?:disabled|inactive|suspended)|user (?:account )?(?:is )?(?:disabled|inactive|suspended)|inactive (?:email )?address|no longer (?:valid|active|in use)|mailbox (?:has )?moved/i,
    ),
    code: '5.2.1',
    why: 'the account is disabled or gone',
  },
  {
    find: words(
      /user unknown|unknown user|no such (?:user|mailbox|recipient|address)|bad destination mailbox|user(?:name)? (?:does not|doesn't) exist|(?:recipient|address|mailbox|account|user) (?:address )?(?:does not|doesn't) exist|recipient not found|mailbox not found|mailbox unavailable|invalid (?:recipient|mailbox)|unknown (?:recipient|local part|mailbox)|recipient address rejected: (?:user unknown|access denied)|not our customer|undeliverable address|address rejected|not a (?:registered|valid|known) (?:[a-z]+ )?(?:user|recipient|mailbox|address)/i,
    ),
    code: '5.1.1',
    why: 'the mailbox does not exist',
  },
  {
    find: words(
      /header (?:error|syntax)|invalid header|malformed (?:message|header|mime)|duplicate header|missing (?:a valid )?(?:message-id|from:? header)|rfc ?5322|virus|malware|infected|attachment (?:type )?(?:not allowed|blocked|rejected)|content (?:rejected|not accepted)/i,
    ),
    code: '5.6.0',
    why: 'the message content or format was refused',
  },
  {
    find: words(
      /relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)|unable to relay|not permitted to relay|relay not permitted/i,
    ),
    code: '5.7.1',
    why: 'relaying was refused',
  },
  {
    find: words(
      /reverse dns|\bptr (?:resource )?record|dns ptr|\brdns\b|cannot find your (?:reverse )?hostname|no ptr/i,
    ),
    code: '5.7.25',
    why: 'reverse DNS',
  },
  {
    find: near(
      /\bspf\b/gi,
      /fail|not pass|violation|prohibited|error/i,
      /\b(?:dkim|dmarc)\b/i,
      60,
      /prohibited by spf|spf (?:check|validation)? ?failed/i,
    ),
    code: '5.7.23',
    why: 'SPF',
  },
  {
    find: words(/\bdmarc\b.{0,60}(?:fail|policy|not pass|reject)|(?:fail|reject)\w{0,8} .{0,30}\bdmarc\b/i),
    code: '5.7.26',
    why: 'DMARC',
  },
  {
    find: near(
      /\bdkim\b/gi,
      /fail|not pass|invalid|missing|no valid/i,
      /\b(?:spf|dmarc)\b/i,
      60,
      /no (?:passing |valid )?dkim/i,
    ),
    code: '5.7.20',
    why: 'DKIM',
  },
  {
    find: words(
      /\bspam\b|blocked|block ?list|black ?list|blacklisted|listed (?:at|on|in)|spamhaus|barracuda|reputation|rejected for policy|policy (?:violation|reasons)|banned|denied by policy/i,
    ),
    code: '5.7.1',
    why: 'a policy or spam block',
  },
];

/**
 * A virus scanner's footer ("Este mensaje ha sido analizado con NOD32 antivirus system", "This
 * message has been scanned by … Anti-Virus", "virus free"): it says the notice was checked, not why
 * delivery failed, so the word rules do not read it. Only the footer's words are set aside: "550 a
 * virus was detected (scanned by … antivirus)" still says a virus was found.
 */
const SCAN_FOOTER =
  /\b(?:scanned|checked|analy[sz]ed|analizado|escaneado|verificado|gepr[\u00fcu]ft|analys[\u00e9e]|v[\u00e9e]rifi[\u00e9e]|controllato)\b.{0,60}\banti-?virus|\bvirus[- ]free\b|\bno virus(?:es)? (?:was |were )?found\b/gi;

/** The word rule a notice's words meet, if any, with any scanner's footer in them set aside. */
export function ruleOf(words: string): WordRule | undefined {
  const read = words.replace(SCAN_FOOTER, ' ');
  return RULES.find((r) => r.find(read));
}
