// DNS answers as the checker sees them, whatever fetched them (DNS-over-HTTPS in the browser,
// node:dns on the command line, recorded fixtures in tests), and the pure helpers around them:
// input validation, reverse names, and turning resolver-specific replies into one Answer shape.

export type RRType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'PTR';

/** Why a query produced no usable answer. Never confused with "the name has no record". */
export type DnsErrorKind = 'servfail' | 'refused' | 'timeout' | 'offline' | 'blocked' | 'failed';

export type Answer =
  /**
   * records: A/AAAA addresses, PTR names (no trailing dot), MX as "10 mx.example.com", TXT as
   * the record's strings joined (RFC 7208 §3.3). parts: per TXT record, its character-strings
   * when the resolver tells them apart (Google's JSON API does not).
   */
  | { status: 'ok'; records: string[]; parts?: (string[] | undefined)[] }
  | { status: 'nxdomain' }
  | { status: 'nodata' }
  | { status: 'error'; error: DnsErrorKind; detail?: string };

export interface Resolver {
  /** Who receives the queries, in words shown to the reader ("Cloudflare (cloudflare-dns.com)"). */
  label: string;
  /** A shared public resolver: some block lists refuse to answer those. */
  public: boolean;
  query(name: string, type: RRType): Promise<Answer>;
}

export const ERROR_TEXT: Record<DnsErrorKind, string> = {
  servfail: 'the DNS servers for this name failed to answer (SERVFAIL)',
  refused: 'the resolver refused the query (REFUSED)',
  timeout: 'the query timed out',
  offline: 'the browser is offline',
  blocked: 'the resolver could not be reached (blocked by a network filter, extension or firewall?)',
  failed: 'the query failed',
};

export function describeError(a: Extract<Answer, { status: 'error' }>): string {
  return ERROR_TEXT[a.error] + (a.detail ? ` (${a.detail})` : '');
}

// ---------------------------------------------------------------------------------------------
// Input

export type DomainInput = { ok: true; domain: string; unicode?: string } | { ok: false; error: string };

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/**
 * A domain as typed (or an email address, or a URL) → its A-label form, lower case. IDNs go
 * through the WHATWG URL parser, which applies UTS #46 the same way in Node and in browsers.
 */
export function parseDomain(input: string): DomainInput {
  let s = input.trim();
  if (!s) return { ok: false, error: 'Enter a domain name, for example example.com.' };
  if (s.length > 1024) return { ok: false, error: 'That is too long to be a domain name.' };
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(at + 1); // an address: its domain is what the checks are about
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/s, ''); // a pasted URL
  s = s.replace(/\.$/, '');
  if (/[\s:[\]\\%<>"'`]/.test(s))
    return { ok: false, error: 'A domain name cannot contain spaces, brackets, quotes or colons.' };
  let host: string;
  try {
    host = new URL(`http://${s}/`).hostname;
  } catch {
    return { ok: false, error: 'That is not a valid domain name.' };
  }
  if (parseIPv4(host) || host.startsWith('[')) {
    return { ok: false, error: 'That is an IP address: enter it in the IP address field, and the domain here.' };
  }
  const labels = host.split('.');
  if (labels.length < 2) return { ok: false, error: 'Enter a full domain name with a dot, such as example.com.' };
  if (host.length > 253 || !labels.every((l) => LABEL.test(l))) {
    return { ok: false, error: 'That is not a valid domain name (letters, digits and hyphens, labels up to 63).' };
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return { ok: false, error: 'A top-level domain is never all digits.' };
  const unicode = host !== s.toLowerCase() ? s : undefined;
  return { ok: true, domain: host, ...(unicode && host.includes('xn--') ? { unicode } : {}) };
}

/** A DKIM selector: one or more labels (RFC 6376 §3.1). */
export function validSelector(s: string): boolean {
  return s.length <= 120 && /^[a-z0-9_][a-z0-9_-]{0,62}(\.[a-z0-9_][a-z0-9_-]{0,62})*$/i.test(s);
}

export function parseIPv4(s: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  // Leading zeros are refused: some parsers read them as octal.
  if (parts.some((p, i) => p > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith('0')))) return undefined;
  return parts;
}

/** IPv6 text → 8 groups, or undefined. Accepts "::" compression and a trailing dotted IPv4. */
export function parseIPv6(s: string): number[] | undefined {
  if (!/^[0-9a-f:.]+$/i.test(s) || s.length > 45) return undefined;
  let text = s;
  const tail: number[] = [];
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const p = parseIPv4(v4[1]);
    if (!p) return undefined;
    tail.push((p[0] << 8) | p[1], (p[2] << 8) | p[3]);
    text = text.slice(0, v4.index + 1) + '0'; // placeholder group, removed below
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (v4) (rest.length ? rest : head).pop();
  const all = [...head, ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const want = 8 - tail.length;
  if (halves.length === 1 ? all.length !== want : all.length >= want) return undefined;
  const zeros = Array<number>(want - all.length).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...zeros, ...rest.map((g) => parseInt(g, 16)), ...tail];
}

export type IpInput =
  | { ok: true; ip: string; version: 4 | 6; reverse: string; /** the labels in front of a DNSBL zone */ dnsbl: string }
  | { ok: false; error: string };

export function parseIp(input: string): IpInput {
  const s = input.trim().replace(/^\[(.*)\]$/, '$1');
  const v4 = parseIPv4(s);
  if (v4) {
    const rev = [...v4].reverse().join('.');
    return { ok: true, ip: v4.join('.'), version: 4, reverse: `${rev}.in-addr.arpa`, dnsbl: rev };
  }
  const v6 = parseIPv6(s);
  if (v6) {
    const nibbles = v6
      .map((g) => g.toString(16).padStart(4, '0'))
      .join('')
      .split('')
      .reverse()
      .join('.');
    return { ok: true, ip: formatIPv6(v6), version: 6, reverse: `${nibbles}.ip6.arpa`, dnsbl: nibbles };
  }
  return { ok: false, error: 'That is not an IPv4 address (192.0.2.1) or an IPv6 address (2001:db8::1).' };
}

/** RFC 5952 text: lower case, longest run of two or more zero groups compressed. */
export function formatIPv6(g: number[]): string {
  let best = -1;
  let len = 0;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > len && j - i > 1) [best, len] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + len).join(':')}`;
}

/** Private, loopback, documentation and other addresses that no public block list or PTR covers. */
export function specialIp(ip: string, version: 4 | 6): string | undefined {
  if (version === 4) {
    const [a, b] = parseIPv4(ip)!;
    if (a === 10 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168)) return 'a private address';
    if (a === 127) return 'a loopback address';
    if (a === 100 && b >= 64 && b < 128) return 'a carrier-grade NAT address';
    if (a === 169 && b === 254) return 'a link-local address';
    if (a === 0 || a >= 224) return 'not a unicast address';
    if (/^(192\.0\.2|198\.51\.100|203\.0\.113)\./.test(ip)) return 'a documentation address (RFC 5737)';
    return undefined;
  }
  const first = parseIPv6(ip)![0];
  if (ip === '::1') return 'a loopback address';
  if ((first & 0xfe00) === 0xfc00) return 'a unique local (private) address';
  if ((first & 0xffc0) === 0xfe80) return 'a link-local address';
  if (first === 0x2001 && parseIPv6(ip)![1] === 0xdb8) return 'a documentation address (RFC 3849)';
  if ((first & 0xe000) !== 0x2000) return 'not a global unicast address';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// DNS-over-HTTPS JSON (the API Cloudflare and Google both serve)

export const RR_NUMBER: Record<RRType, number> = { A: 1, PTR: 12, MX: 15, TXT: 16, AAAA: 28 };

/**
 * TXT data as the JSON APIs give it: Cloudflare quotes each character-string ("a" "b", with
 * \" and \DDD escapes); Google gives the strings already joined, unquoted. Returns the strings
 * when they can be told apart.
 */
export function parseTxtData(data: string): { text: string; parts?: string[] } {
  if (!data.startsWith('"')) return { text: data };
  const parts: string[] = [];
  let i = 0;
  while (i < data.length) {
    while (data[i] === ' ') i++;
    if (i >= data.length) break;
    if (data[i] !== '"') return { text: data };
    i++;
    const bytes: number[] = [];
    const enc = new TextEncoder();
    while (i < data.length && data[i] !== '"') {
      if (data[i] === '\\' && /^\d{3}$/.test(data.slice(i + 1, i + 4))) {
        bytes.push(Number(data.slice(i + 1, i + 4)));
        i += 4;
      } else {
        const ch = data[i] === '\\' ? data[++i] : data[i];
        bytes.push(...enc.encode(ch ?? ''));
        i++;
      }
    }
    if (data[i] !== '"') return { text: data };
    i++;
    parts.push(new TextDecoder().decode(new Uint8Array(bytes)));
  }
  return { text: parts.join(''), parts };
}

const stripDot = (n: string) => n.replace(/\.$/, '');

interface DohJson {
  Status?: unknown;
  Answer?: { type?: unknown; data?: unknown }[];
}

/** A DoH JSON response body → Answer. Records of other types in the chain (CNAMEs) are dropped. */
export function answerFromDohJson(json: unknown, type: RRType): Answer {
  const body = (json ?? {}) as DohJson;
  const status = body.Status;
  if (status === 3) return { status: 'nxdomain' };
  if (status === 2) return { status: 'error', error: 'servfail' };
  if (status === 5) return { status: 'error', error: 'refused' };
  if (status !== 0) return { status: 'error', error: 'failed', detail: `DNS status ${String(status)}` };
  const rows = (Array.isArray(body.Answer) ? body.Answer : []).filter(
    (r) => r && r.type === RR_NUMBER[type] && typeof r.data === 'string',
  );
  if (!rows.length) return { status: 'nodata' };
  const data = rows.map((r) => r.data as string);
  if (type === 'TXT') {
    const txt = data.map(parseTxtData);
    return { status: 'ok', records: txt.map((t) => t.text), parts: txt.map((t) => t.parts) };
  }
  if (type === 'MX') {
    return {
      status: 'ok',
      records: data.map((d) => {
        const [pref, host = ''] = d.trim().split(/\s+/);
        return `${pref} ${stripDot(host) || '.'}`;
      }),
    };
  }
  return { status: 'ok', records: data.map((d) => (type === 'PTR' ? stripDot(d) : d)) };
}

/** node:dns error codes → Answer (the command line's resolver). */
export function answerFromNodeError(code: string | undefined, detail?: string): Answer {
  switch (code) {
    case 'ENOTFOUND':
      return { status: 'nxdomain' };
    case 'ENODATA':
      return { status: 'nodata' };
    case 'ESERVFAIL':
      return { status: 'error', error: 'servfail' };
    case 'EREFUSED':
      return { status: 'error', error: 'refused' };
    case 'ETIMEOUT':
      return { status: 'error', error: 'timeout' };
    case 'ECONNREFUSED':
    case 'ECONNRESET':
      return { status: 'error', error: 'blocked', detail };
    default:
      return { status: 'error', error: 'failed', detail: detail ?? code };
  }
}
