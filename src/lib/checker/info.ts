// What each check is about, the bounce codes it explains and its sources. Pure text, without the
// checks themselves, so the /check/ page can show it with no JavaScript and no DNS.

export type Status = 'pass' | 'warn' | 'fail' | 'info' | 'error';

export const STATUS_LABEL: Record<Status, string> = {
  pass: 'Pass',
  warn: 'Warning',
  fail: 'Fail',
  info: 'Info',
  error: 'Could not check',
};

export interface CheckInfo {
  id: string;
  title: string;
  why: string;
  /** Bounce codes a sender meets when this goes wrong; each has a page at /codes/<code>/. */
  codes: string[];
  references: { title: string; url: string }[];
}

const rfc = (n: number, section?: string) => ({
  title: `RFC ${n}${section ? ` §${section}` : ''}`,
  url: `https://www.rfc-editor.org/rfc/rfc${n}${section ? `#section-${section}` : ''}`,
});

/** What each check is about, the codes it explains and its sources: shown with results and on the page without JavaScript. */
export const CHECK_INFO = {
  mx: {
    id: 'mx',
    title: 'Domain and mail servers (MX)',
    why: 'Receivers check that the domain in the envelope sender can receive mail: replies and bounces must have somewhere to go. A sender domain that does not exist, or that says it takes no mail (null MX), is a common reason to refuse a message outright.',
    codes: ['5.1.8', '4.1.8', '553', '550', '5.7.27', '556'],
    references: [rfc(5321, '5.1'), rfc(7505)],
  },
  spf: {
    id: 'spf',
    title: 'SPF',
    why: 'SPF lists the servers allowed to send with this domain in the envelope sender. Receivers check it on every message; a missing, duplicated or broken record (more than 10 DNS lookups, a syntax error) makes SPF fail or error for all your mail, and DMARC then depends on DKIM alone.',
    codes: ['5.7.23', '4.7.23', '5.7.24', '4.7.24', '5.7.26', '4.7.26', '550'],
    references: [rfc(7208, '4.6.4'), rfc(7208, '5')],
  },
  dmarc: {
    id: 'dmarc',
    title: 'DMARC',
    why: 'DMARC ties SPF and DKIM to the From address people see: a message passes when SPF or DKIM passes for a domain aligned with From. The policy tells receivers what to do with mail that fails, and the reports show who sends as your domain. Gmail, Yahoo and Outlook.com refuse or junk bulk mail from domains without a DMARC record.',
    codes: ['5.7.26', '4.7.26', '5.7.1', '550'],
    references: [rfc(7489, '6.3'), rfc(7489, '7.1')],
  },
  dkim: {
    id: 'dkim',
    title: 'DKIM',
    why: 'DKIM signs each message with a key published in DNS under a selector. A valid signature from your own domain is what keeps DMARC passing when mail is forwarded (SPF breaks on forwarding), and Gmail, Yahoo and Outlook.com require it from bulk senders.',
    codes: ['5.7.20', '5.7.21', '5.7.22', '5.7.26', '4.7.26'],
    references: [rfc(6376, '3.6.1'), rfc(8301)],
  },
  'mta-sts': {
    id: 'mta-sts',
    title: 'MTA-STS',
    why: 'MTA-STS (RFC 8461) tells sending servers that your MX hosts support TLS with valid certificates, so mail to you cannot be silently downgraded. It protects your incoming mail; a broken policy makes senders defer mail to you.',
    codes: ['4.7.5'],
    references: [rfc(8461, '3.1')],
  },
  'tls-rpt': {
    id: 'tls-rpt',
    title: 'TLS reporting (TLS-RPT)',
    why: 'TLS-RPT (RFC 8460) asks sending servers to report daily when they cannot deliver to you over TLS, so a certificate or MTA-STS mistake shows up before mail is lost.',
    codes: [],
    references: [rfc(8460, '3')],
  },
  bimi: {
    id: 'bimi',
    title: 'BIMI',
    why: 'BIMI lets mailbox providers show your logo next to authenticated mail. It requires an enforced DMARC policy, so a BIMI record is also a sign of a well-protected domain; it never causes a bounce.',
    codes: [],
    references: [{ title: 'BIMI Group: implementation guide', url: 'https://bimigroup.org/implementation-guide/' }],
  },
  ptr: {
    id: 'ptr',
    title: 'Reverse DNS of the sending IP',
    why: "Receivers look up the name of the connecting address and then that name's address. A sending IP without a PTR record, or whose name does not lead back to it, looks like a compromised home computer; Gmail and Yahoo require forward-confirmed reverse DNS from every sender.",
    codes: ['5.7.25', '4.7.25', '4.7.23', '421', '550'],
    references: [
      rfc(8601, '3'),
      { title: 'Google: email sender guidelines', url: 'https://support.google.com/a/answer/81126' },
    ],
  },
  blocklists: {
    id: 'blocklists',
    title: 'Block lists',
    why: 'Many receivers refuse connections or messages from addresses and domains on DNS block lists, usually at the start of the SMTP conversation, and name the list in the reply. Some lists refuse queries that come through big public resolvers; those are reported as not checked, never as clean.',
    codes: ['554', '550', '5.7.1', '421', '4.7.1'],
    references: [rfc(5782, '5')],
  },
  bulk: {
    id: 'bulk',
    title: 'Gmail, Yahoo and Outlook.com bulk-sender minimums',
    why: 'Since 2024 Gmail and Yahoo, and since May 2025 Outlook.com, require senders of large volumes (about 5,000 messages a day to their users) to authenticate with SPF and DKIM and publish DMARC; mail that falls short is deferred, junked or refused. Smaller senders need at least SPF or DKIM.',
    codes: ['5.7.26', '4.7.26', '5.7.1', '421', '550'],
    references: [
      { title: 'Google: email sender guidelines', url: 'https://support.google.com/a/answer/81126' },
      { title: 'Yahoo: sender best practices', url: 'https://senders.yahooinc.com/best-practices/' },
    ],
  },
} satisfies Record<string, CheckInfo>;

export type CheckId = keyof typeof CHECK_INFO;

/** The order results are shown in. */
export const CHECK_ORDER: CheckId[] = [
  'mx',
  'spf',
  'dkim',
  'dmarc',
  'ptr',
  'blocklists',
  'bulk',
  'mta-sts',
  'tls-rpt',
  'bimi',
];

/**
 * Code pages that link the checker: the codes the checks explain, without the broad reply codes
 * (550, 553, 554, 421) whose pages are mostly about other causes.
 */
export const CHECKABLE_CODES: ReadonlySet<string> = new Set(
  [...Object.values(CHECK_INFO).flatMap((c) => c.codes), '4.7.0', '5.7.0'].filter(
    (c) => !['550', '553', '554', '421'].includes(c),
  ),
);
