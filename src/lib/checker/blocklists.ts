// DNS block lists (RFC 5782) and how to read their answers honestly. A list that answers
// "not listed" only when it actually answered: every IPv4 list must list its test entry
// 127.0.0.2 (RFC 5782 §5), so when that entry comes back unlisted, or as one of the list's own
// error codes, the list is refusing this resolver and we say so instead of "not listed".

export interface BlockList {
  id: string;
  name: string;
  zone: string;
  /** Which kind of name it lists: an IP (reversed) or a domain. */
  kind: 'ip' | 'domain';
  ipv6: boolean;
  /** A name that the list always lists, to tell "not listed" from "not answering". */
  test: string;
  /** Answers that mean "your query was refused", not a listing. */
  refusals: Record<string, string>;
  /** What each listing answer means, where the list documents it. */
  meanings?: Record<string, string>;
  lookup: string;
}

const SPAMHAUS_REFUSALS = {
  '127.255.255.252': 'the query was malformed for this list',
  '127.255.255.254': 'the list refuses queries from public or open resolvers',
  '127.255.255.255': 'the resolver sent too many queries',
};

export const BLOCK_LISTS: BlockList[] = [
  {
    id: 'spamhaus-zen',
    name: 'Spamhaus ZEN',
    zone: 'zen.spamhaus.org',
    kind: 'ip',
    ipv6: true,
    test: '2.0.0.127',
    refusals: SPAMHAUS_REFUSALS,
    meanings: {
      '127.0.0.2': 'SBL: a known spam source or spam operation',
      '127.0.0.3': 'SBL CSS: snowshoe spam',
      '127.0.0.4': 'XBL: a compromised or infected host',
      '127.0.0.9': 'SBL DROP: a hijacked or criminal network',
      '127.0.0.10': 'PBL (ISP): an address range its owner says should not send mail directly',
      '127.0.0.11': 'PBL (Spamhaus): an address range that should not send mail directly',
    },
    lookup: 'https://check.spamhaus.org/',
  },
  {
    id: 'spamcop',
    name: 'SpamCop',
    zone: 'bl.spamcop.net',
    kind: 'ip',
    ipv6: false,
    test: '2.0.0.127',
    refusals: {},
    lookup: 'https://www.spamcop.net/bl.shtml',
  },
  {
    id: 'barracuda',
    name: 'Barracuda',
    zone: 'b.barracudacentral.org',
    kind: 'ip',
    ipv6: false,
    test: '2.0.0.127',
    refusals: {},
    lookup: 'https://www.barracudacentral.org/lookups',
  },
  {
    id: 'uceprotect-1',
    name: 'UCEPROTECT Level 1',
    zone: 'dnsbl-1.uceprotect.net',
    kind: 'ip',
    ipv6: false,
    test: '2.0.0.127',
    refusals: {},
    lookup: 'https://www.uceprotect.net/en/rblcheck.php',
  },
  {
    id: 'psbl',
    name: 'PSBL (Passive Spam Block List)',
    zone: 'psbl.surriel.com',
    kind: 'ip',
    ipv6: false,
    test: '2.0.0.127',
    refusals: {},
    lookup: 'https://psbl.org/',
  },
  {
    id: 'spamhaus-dbl',
    name: 'Spamhaus DBL',
    zone: 'dbl.spamhaus.org',
    kind: 'domain',
    ipv6: false,
    test: 'dbltest.com',
    refusals: SPAMHAUS_REFUSALS,
    lookup: 'https://check.spamhaus.org/',
  },
];

export type ListVerdict =
  | { state: 'listed'; answers: string[]; meaning?: string }
  | { state: 'not-listed' }
  | { state: 'unchecked'; reason: string };

/** Decide from the answers for the queried name and for the list's test entry. */
export function readListing(
  list: BlockList,
  answer: { status: string; records?: string[] },
  test: { status: string; records?: string[] } | undefined,
  resolverIsPublic: boolean,
): ListVerdict {
  const refusal = (records: string[] | undefined) => records?.map((r) => list.refusals[r]).find((x) => x !== undefined);
  const where = resolverIsPublic ? 'through a public resolver' : 'through this resolver';
  if (answer.status === 'error') return { state: 'unchecked', reason: 'the query failed' };
  if (answer.status === 'ok') {
    const why = refusal(answer.records);
    if (why) return { state: 'unchecked', reason: `could not check ${where}: ${why}` };
    // Only 127.0.0.0/8 answers are listings (RFC 5782 §2.1); anything else is a resolver
    // rewriting the answer (ad-serving NXDOMAIN replacement), not the list.
    const records = answer.records ?? [];
    if (!records.every((r) => r.startsWith('127.'))) {
      return { state: 'unchecked', reason: `the resolver returned ${records.join(', ')}, which is not a list answer` };
    }
    const meaning = records.map((r) => list.meanings?.[r]).find(Boolean);
    return { state: 'listed', answers: records, ...(meaning ? { meaning } : {}) };
  }
  // No record for our name. Believe it only if the list answered its own test entry.
  if (!test || test.status !== 'ok') {
    const why = test?.status === 'error' ? 'its test entry could not be queried' : 'it did not list its own test entry';
    return { state: 'unchecked', reason: `could not check ${where}: ${why}, so it is not answering this resolver` };
  }
  const why = refusal(test.records);
  if (why) return { state: 'unchecked', reason: `could not check ${where}: ${why}` };
  return { state: 'not-listed' };
}
