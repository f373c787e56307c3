// The sender reputation checker's decisions. Everything here works from DNS answers obtained
// through a Resolver (DNS-over-HTTPS in the browser, node:dns on the command line, recorded
// answers in tests) and returns plain data: the page and the CLI only render it.
import { getDomain } from 'tldts-icann';
import { BLOCK_LISTS, readListing } from './blocklists.ts';
import { dkimKey, parseDkimRecord } from './dkim.ts';
import { describeError, parseIp, specialIp, type Answer, type Resolver, type RRType } from './dns.ts';
import { hasMacro, isSpfRecord, LOOKUP_TERMS, parseSpf } from './spf.ts';
import { parseTags } from './tags.ts';
import { CHECK_INFO, CHECK_ORDER, STATUS_LABEL, type CheckId, type CheckInfo, type Status } from './info.ts';

export { STATUS_LABEL, type Status };

export interface Finding {
  status: Status;
  text: string;
}

/** A record as published, or what the resolver said instead. */
export interface Evidence {
  name: string;
  type: RRType;
  records: string[];
  note?: string;
}

export interface CheckResult extends CheckInfo {
  status: Status;
  summary: string;
  findings: Finding[];
  evidence: Evidence[];
  fix: string[];
}

export interface CheckInput {
  domain: string;
  ip?: string;
  selectors?: string[];
}

export interface Report {
  domain: string;
  ip?: string;
  resolver: string;
  checkedAt: string;
  queries: number;
  checks: CheckResult[];
}

/** Selectors that mail services commonly publish keys under; DKIM keys cannot be listed. */
export const COMMON_SELECTORS = [
  'google',
  'selector1',
  'selector2',
  'k1',
  'k2',
  's1',
  's2',
  'default',
  'dkim',
  'mail',
  'mandrill',
  'mxvault',
  'smtp',
  'sig1',
  'fm1',
  'protonmail',
  'everlytickey1',
  'mailjet',
  'zoho',
  'key1',
];

// A check with only informational findings is "info"; one pass among them makes it a pass.
const RANK: Record<Status, number> = { info: 0, pass: 1, warn: 2, error: 3, fail: 4 };
export const worst = (findings: Finding[]): Status =>
  findings.reduce<Status>((w, f) => (RANK[f.status] > RANK[w] ? f.status : w), 'info');

const EVIDENCE_MAX = 2000;
function clip(s: string): string {
  return s.length > EVIDENCE_MAX ? `${s.slice(0, EVIDENCE_MAX)}… (${s.length - EVIDENCE_MAX} more characters)` : s;
}

function evidence(name: string, type: RRType, a: Answer): Evidence {
  if (a.status === 'ok') return { name, type, records: a.records.map(clip) };
  const note =
    a.status === 'nxdomain'
      ? 'no such name (NXDOMAIN)'
      : a.status === 'nodata'
        ? `no ${type} record`
        : describeError(a);
  return { name, type, records: [], note };
}

const errorFinding = (what: string, a: Extract<Answer, { status: 'error' }>): Finding => ({
  status: 'error',
  text: `Could not look up ${what}: ${describeError(a)}.`,
});

/** The query layer every check shares: one query per name and type, counted, with a time limit. */
export class Lookup {
  private cache = new Map<string, Promise<Answer>>();
  count = 0;
  readonly resolver: Resolver;
  private timeoutMs: number;
  constructor(resolver: Resolver, timeoutMs = 8000) {
    this.resolver = resolver;
    this.timeoutMs = timeoutMs;
  }
  query(name: string, type: RRType): Promise<Answer> {
    const key = `${type} ${name.toLowerCase()}`;
    let p = this.cache.get(key);
    if (!p) {
      this.count++;
      p = this.withTimeout(name, type);
      this.cache.set(key, p);
    }
    return p;
  }
  private withTimeout(name: string, type: RRType): Promise<Answer> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<Answer>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'error', error: 'timeout' }), this.timeoutMs);
    });
    const q = this.resolver.query(name, type).catch((e: unknown): Answer => ({
      status: 'error',
      error: 'failed',
      detail: String((e as Error)?.message ?? e),
    }));
    return Promise.race([q, limit]).finally(() => clearTimeout(timer));
  }
}

// ---------------------------------------------------------------------------------------------
// Domain and MX

export async function checkMx(domain: string, q: Lookup): Promise<CheckResult> {
  const findings: Finding[] = [];
  const ev: Evidence[] = [];
  const mx = await q.query(domain, 'MX');
  ev.push(evidence(domain, 'MX', mx));
  if (mx.status === 'error') findings.push(errorFinding(`the MX records of ${domain}`, mx));
  else if (mx.status === 'nxdomain') {
    findings.push({
      status: 'fail',
      text: `${domain} does not exist in DNS (NXDOMAIN). Receivers refuse mail whose sender domain does not exist.`,
    });
  } else if (mx.status === 'ok') {
    const hosts = mx.records.map((r) => {
      const [pref, host] = r.split(' ');
      return { pref: Number(pref), host };
    });
    const nul = hosts.filter((h) => h.host === '.' || h.host === '');
    if (nul.length && hosts.length > 1) {
      findings.push({
        status: 'fail',
        text: 'A null MX ("0 .") is published together with other MX records. RFC 7505 allows a null MX only on its own; receivers may treat the domain as not accepting mail.',
      });
    } else if (nul.length) {
      findings.push({
        status: 'fail',
        text: `${domain} publishes a null MX (RFC 7505): it declares that it accepts no mail. Receivers may refuse mail from it too, because nobody could reply to it or send it a bounce.`,
      });
    }
    const real = hosts.filter((h) => h.host !== '.' && h.host !== '');
    const ipLiteral = real.filter((h) => parseIp(h.host).ok);
    for (const h of ipLiteral) {
      findings.push({
        status: 'fail',
        text: `MX ${h.host} is an IP address; an MX must name a host (RFC 5321 §5.1).`,
      });
    }
    const named = real.filter((h) => !parseIp(h.host).ok).slice(0, 6);
    const addresses = await Promise.all(
      named.map(async (h) => ({
        host: h.host,
        a: await q.query(h.host, 'A'),
        aaaa: await q.query(h.host, 'AAAA'),
      })),
    );
    const dead = addresses.filter((x) => x.a.status !== 'ok' && x.aaaa.status !== 'ok');
    for (const d of dead) {
      const err = d.a.status === 'error' ? d.a : d.aaaa.status === 'error' ? d.aaaa : undefined;
      if (err) findings.push(errorFinding(`the address of MX ${d.host}`, err));
      else
        findings.push({
          status: 'fail',
          text: `MX host ${d.host} has no A or AAAA record, so mail for it cannot be delivered.`,
        });
    }
    if (real.length && dead.length < named.length) {
      findings.push({
        status: 'pass',
        text: `${real.length} mail server${real.length > 1 ? 's' : ''} (MX): ${real
          .sort((x, y) => x.pref - y.pref)
          .map((h) => `${h.host} (${h.pref})`)
          .join(', ')}.`,
      });
    }
  } else {
    // No MX: mail falls back to the domain's own address (RFC 5321 §5.1).
    const [a, aaaa] = await Promise.all([q.query(domain, 'A'), q.query(domain, 'AAAA')]);
    ev.push(evidence(domain, 'A', a), evidence(domain, 'AAAA', aaaa));
    if (a.status === 'ok' || aaaa.status === 'ok') {
      findings.push({
        status: 'warn',
        text: `${domain} has no MX record; mail to it goes to its A/AAAA address instead (the implicit MX). That works, but many receivers and anti-spam checks expect a sending domain to publish an MX.`,
      });
    } else if (a.status === 'error') {
      findings.push(errorFinding(`the addresses of ${domain}`, a));
    } else if (aaaa.status === 'error') {
      findings.push(errorFinding(`the addresses of ${domain}`, aaaa));
    } else {
      findings.push({
        status: 'fail',
        text: `${domain} has no MX and no A or AAAA record: nobody can send mail to it, so receivers that check the sender domain refuse mail from it.`,
      });
    }
  }
  const status = worst(findings);
  return {
    ...CHECK_INFO['mx'],
    status,
    summary:
      status === 'pass'
        ? 'The domain exists and publishes working mail servers.'
        : status === 'error'
          ? 'The mail servers could not be looked up.'
          : (findings.find((f) => f.status === status)?.text ?? ''),
    findings,
    evidence: ev,
    fix: [
      'Publish at least one MX record that names a host with an A or AAAA record; if the domain only sends, point the MX at a server that accepts replies and bounces.',
      'Remove a null MX ("0 .") from any domain you send mail from, or send from a different domain.',
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// SPF

interface SpfState {
  lookups: number;
  voids: number;
  findings: Finding[];
  evidence: Evidence[];
  visited: number;
}

const SPF_HARD_CAP = 40; // stop following a hostile tree long after the limit of 10 is passed

async function spfRecordAt(domain: string, q: Lookup, st: SpfState, parent?: string): Promise<string | undefined> {
  const a = await q.query(domain, 'TXT');
  const spf = a.status === 'ok' ? a.records.filter(isSpfRecord) : [];
  st.evidence.push({
    ...evidence(domain, 'TXT', a),
    records: spf.map(clip),
    ...(a.status === 'ok' && !spf.length ? { note: 'TXT records, none of them SPF' } : {}),
  });
  const who = parent ? `${domain} (included by ${parent})` : domain;
  if (a.status === 'error') {
    st.findings.push(errorFinding(`the SPF record of ${who}`, a));
    return undefined;
  }
  if (a.status !== 'ok') {
    if (parent) {
      st.voids++;
      st.findings.push({
        status: 'fail',
        text: `${who} ${a.status === 'nxdomain' ? 'does not exist' : 'has no TXT record'}, so the include is a permanent error (RFC 7208 §5.2).`,
      });
    }
    return undefined;
  }
  if (spf.length > 1) {
    st.findings.push({
      status: 'fail',
      text: `${who} publishes ${spf.length} SPF records. There must be exactly one; with two or more, every receiver returns a permanent error (RFC 7208 §4.5) and SPF fails.`,
    });
    return undefined;
  }
  if (!spf.length) {
    if (parent)
      st.findings.push({
        status: 'fail',
        text: `${who} publishes no SPF record, so the include is a permanent error.`,
      });
    return undefined;
  }
  const rec = spf[0];
  const parts = a.parts?.[a.records.indexOf(rec)];
  if (parts?.some((p) => new TextEncoder().encode(p).length > 255)) {
    st.findings.push({
      status: 'fail',
      text: `A string in the SPF record of ${who} is longer than 255 bytes, which DNS cannot carry: split it into several quoted strings of at most 255 bytes.`,
    });
  } else if (rec.length > 255 && parts && parts.length > 1) {
    st.findings.push({
      status: 'info',
      text: `The SPF record of ${who} is ${rec.length} characters, split into ${parts.length} strings; receivers join them without spaces, so check that no split falls where a space is needed.`,
    });
  }
  if (a.records.join('').length > 450) {
    st.findings.push({
      status: 'warn',
      text: `The TXT records at ${who} total over 450 characters; RFC 7208 §3.4 advises keeping the answer small enough for a single UDP packet (512 bytes).`,
    });
  }
  return rec;
}

async function walkSpf(
  domain: string,
  q: Lookup,
  st: SpfState,
  path: string[],
): Promise<{ allQualifier?: string; found: boolean }> {
  st.visited++;
  const parent = path[path.length - 1];
  const rec = await spfRecordAt(domain, q, st, parent);
  if (rec === undefined) return { found: false };
  const parsed = parseSpf(rec);
  const who = parent ? `${domain} (included by ${parent})` : domain;
  for (const e of parsed.errors) st.findings.push({ status: 'fail', text: `Syntax error in ${who}: ${e}` });
  const all = parsed.terms.find((t) => t.kind === 'mechanism' && t.name === 'all');
  const redirect = parsed.terms.find((t) => t.kind === 'modifier' && t.name === 'redirect');
  const here = [...path, domain];
  const count = () => {
    st.lookups++;
    if (st.lookups === 11) {
      st.findings.push({
        status: 'fail',
        text: `The 11th DNS-querying term is reached at "${domain}": over the limit of 10, a receiver stops with a permanent error and SPF fails for every message.`,
      });
    }
  };
  for (const t of parsed.terms) {
    if (st.lookups > SPF_HARD_CAP) break;
    if (t.kind === 'modifier' && t.name !== 'redirect') continue;
    if (t.kind === 'modifier' || !LOOKUP_TERMS.has(t.name)) continue;
    count();
    const target = t.value ?? domain;
    if (hasMacro(target)) {
      st.findings.push({
        status: 'info',
        text: `"${t.raw}" uses macros, which are filled in per message; it was counted once but not followed.`,
      });
      continue;
    }
    switch (t.name) {
      case 'include': {
        if (here.includes(target.toLowerCase())) {
          st.findings.push({
            status: 'fail',
            text: `Include loop: ${[...here, target].join(' → ')}. A receiver stops with a permanent error.`,
          });
          break;
        }
        const sub = await walkSpf(target.toLowerCase(), q, st, here);
        if (sub.found && sub.allQualifier === '+') {
          st.findings.push({
            status: 'fail',
            text: `${target} ends in "+all", so "${t.raw}" matches every IP address in the world.`,
          });
        }
        break;
      }
      case 'a': {
        const [a4, a6] = await Promise.all([q.query(target, 'A'), q.query(target, 'AAAA')]);
        if (a4.status === 'error') st.findings.push(errorFinding(`${target} for "${t.raw}"`, a4));
        else if (a4.status !== 'ok' && a6.status !== 'ok') {
          st.voids++;
          st.findings.push({ status: 'warn', text: `"${t.raw}" in ${who}: ${target} has no address (a void lookup).` });
        }
        break;
      }
      case 'mx': {
        const m = await q.query(target, 'MX');
        if (m.status === 'error') st.findings.push(errorFinding(`the MX of ${target} for "${t.raw}"`, m));
        else if (m.status !== 'ok') {
          st.voids++;
          st.findings.push({ status: 'warn', text: `"${t.raw}" in ${who}: ${target} has no MX (a void lookup).` });
        } else if (m.records.length > 10) {
          st.findings.push({
            status: 'fail',
            text: `"${t.raw}": ${target} has ${m.records.length} MX records; a receiver looks up at most 10 and then fails (RFC 7208 §4.6.4).`,
          });
        }
        break;
      }
      case 'ptr':
        st.findings.push({
          status: 'warn',
          text: `"${t.raw}" in ${who}: the ptr mechanism is slow and unreliable, RFC 7208 §5.5 says not to use it, and some receivers ignore it. List your addresses with ip4:/ip6: or include: instead.`,
        });
        break;
      case 'exists': {
        const e = await q.query(target, 'A');
        if (e.status === 'nxdomain' || e.status === 'nodata') st.voids++;
        break;
      }
    }
  }
  if (redirect && !all && st.lookups <= SPF_HARD_CAP) {
    count();
    const target = (redirect.value ?? '').toLowerCase();
    if (hasMacro(target)) {
      st.findings.push({ status: 'info', text: `"${redirect.raw}" uses macros; it was counted but not followed.` });
      return { found: true };
    }
    if (here.includes(target)) {
      st.findings.push({ status: 'fail', text: `Redirect loop: ${[...here, target].join(' → ')}.` });
      return { found: true };
    }
    const sub = await walkSpf(target, q, st, here);
    return { found: true, allQualifier: sub.allQualifier };
  }
  return { found: true, allQualifier: all?.qualifier };
}

export async function checkSpf(domain: string, q: Lookup): Promise<CheckResult> {
  const st: SpfState = { lookups: 0, voids: 0, findings: [], evidence: [], visited: 0 };
  const top = await q.query(domain, 'TXT');
  let found = false;
  let allQualifier: string | undefined;
  const present = top.status === 'ok' && top.records.some(isSpfRecord);
  if (top.status === 'error' || present || (top.status === 'ok' && top.records.filter(isSpfRecord).length > 1)) {
    ({ found, allQualifier } = await walkSpf(domain, q, st, []));
  } else {
    st.evidence.push({
      ...evidence(domain, 'TXT', top),
      ...(top.status === 'ok' ? { records: [], note: 'TXT records, none of them SPF' } : {}),
    });
    st.findings.push({
      status: 'fail',
      text: `${domain} publishes no SPF record. Gmail, Yahoo and Outlook.com expect every sender to pass SPF or DKIM, and bulk senders both.`,
    });
  }
  const f = st.findings;
  const topRecord = st.evidence[0]?.records[0];
  if (found) {
    if (st.lookups <= 10) {
      f.push({
        status: st.lookups >= 9 ? 'warn' : 'pass',
        text: `${st.lookups} of the 10 allowed DNS-querying terms (include, a, mx, ptr, exists, redirect), counted through every include${st.lookups >= 9 ? ': one more include from a provider and SPF breaks' : ''}.`,
      });
    } else {
      f.push({
        status: 'fail',
        text: `${st.lookups > SPF_HARD_CAP ? `More than ${SPF_HARD_CAP}` : st.lookups} DNS-querying terms when every include is followed; the limit is 10.`,
      });
    }
    if (st.voids > 2) {
      f.push({
        status: 'fail',
        text: `${st.voids} lookups return no record (void lookups); receivers may stop after 2 with a permanent error (RFC 7208 §4.6.4).`,
      });
    }
    if (allQualifier === '+') {
      f.push({
        status: 'fail',
        text: 'The record ends in "+all": every server on the internet is allowed to send as this domain.',
      });
    } else if (allQualifier === '?') {
      f.push({
        status: 'warn',
        text: 'The record ends in "?all" (neutral): it names your servers but does not say that others are not allowed, so it protects nothing.',
      });
    } else if (allQualifier === undefined) {
      f.push({
        status: 'warn',
        text: 'The record has no "all" and no redirect, so mail from any other server gets a neutral result. End it with "~all" or "-all".',
      });
    } else {
      f.push({
        status: 'pass',
        text: `The record ends in "${allQualifier}all": other servers ${allQualifier === '-' ? 'fail' : 'soft-fail'} SPF.`,
      });
    }
  }
  const status = worst(f);
  return {
    ...CHECK_INFO['spf'],
    status,
    summary:
      status === 'pass'
        ? `One valid SPF record, ${st.lookups} of 10 DNS lookups.`
        : (f.find((x) => x.status === status)?.text ?? ''),
    findings: f,
    evidence: st.evidence.filter((e, i) => i === 0 || e.records.length || e.note),
    fix: [
      topRecord
        ? 'Keep exactly one TXT record starting with "v=spf1" at the domain; merge any second one into it.'
        : `Publish one TXT record at ${domain}, for example "v=spf1 include:<your provider's SPF domain> -all".`,
      'Stay within 10 lookups: remove includes of services you no longer use, and replace an include that expands to few fixed addresses with ip4:/ip6: terms.',
      'End the record with "~all" or "-all", never "+all" or "?all"; do not use "ptr".',
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// DMARC

export function organizationalDomain(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: false }) ?? domain;
}

export interface DmarcPolicy {
  at: string;
  record: string;
  tags: Map<string, string>;
  p?: string;
  inherited: boolean;
}

async function findDmarc(
  domain: string,
  q: Lookup,
  findings: Finding[],
  ev: Evidence[],
): Promise<DmarcPolicy | undefined> {
  const org = organizationalDomain(domain);
  for (const at of org === domain ? [domain] : [domain, org]) {
    const name = `_dmarc.${at}`;
    const a = await q.query(name, 'TXT');
    const recs = a.status === 'ok' ? a.records.filter((r) => /^v\s*=\s*DMARC1\s*(;|$)/i.test(r)) : [];
    ev.push({
      ...evidence(name, 'TXT', a),
      ...(a.status === 'ok' ? { records: recs.map(clip) } : {}),
      ...(a.status === 'ok' && !recs.length ? { note: 'TXT records, none of them DMARC' } : {}),
    });
    if (a.status === 'error') {
      findings.push(errorFinding(name, a));
      return undefined;
    }
    if (recs.length > 1) {
      findings.push({
        status: 'fail',
        text: `${name} holds ${recs.length} DMARC records; receivers then apply no DMARC policy at all (RFC 7489 §6.6.3).`,
      });
      return undefined;
    }
    if (recs.length === 1) {
      const t = parseTags(recs[0]);
      if (at !== domain) {
        findings.push({
          status: 'info',
          text: `No record at _dmarc.${domain}; the policy of the organizational domain ${org} applies (its sp= tag, if any, is what counts for subdomains).`,
        });
      }
      return { at, record: recs[0], tags: t.tags, p: t.tags.get('p')?.toLowerCase(), inherited: at !== domain };
    }
  }
  findings.push({
    status: 'fail',
    text: `No DMARC record at _dmarc.${domain}${org !== domain ? ` or at _dmarc.${org}` : ''}. Gmail and Yahoo require one (at least p=none) from bulk senders, and Outlook.com from senders of over 5,000 messages a day.`,
  });
  return undefined;
}

async function checkReportAuthorization(
  policyDomain: string,
  uris: string,
  tag: string,
  q: Lookup,
  findings: Finding[],
  ev: Evidence[],
) {
  const own = organizationalDomain(policyDomain);
  for (const raw of uris
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)) {
    const m = /^mailto:([^!@\s]+)@([^!\s]+?)(!\d+[kmgt]?)?$/i.exec(raw);
    if (!m) {
      findings.push({
        status: 'warn',
        text: `${tag}= "${raw}" is not a mailto: address; most receivers only send reports by mail.`,
      });
      continue;
    }
    const dest = m[2].toLowerCase().replace(/\.$/, '');
    if (organizationalDomain(dest) === own) continue;
    // RFC 7489 §7.1: the destination must publish <policy domain>._report._dmarc.<destination>.
    const name = `${policyDomain}._report._dmarc.${dest}`;
    const a = await q.query(name, 'TXT');
    ev.push(evidence(name, 'TXT', a));
    if (a.status === 'error') findings.push(errorFinding(name, a));
    else if (a.status === 'ok' && a.records.some((r) => /^v\s*=\s*DMARC1/i.test(r))) {
      findings.push({ status: 'pass', text: `${dest} accepts ${tag} reports for ${policyDomain} (${name}).` });
    } else {
      findings.push({
        status: 'warn',
        text: `${tag} reports go to ${dest}, another organization, which does not publish ${name}: receivers will not send them (RFC 7489 §7.1).`,
      });
    }
  }
}

export async function checkDmarc(domain: string, q: Lookup): Promise<{ result: CheckResult; policy?: DmarcPolicy }> {
  const findings: Finding[] = [];
  const ev: Evidence[] = [];
  const policy = await findDmarc(domain, q, findings, ev);
  if (policy) {
    const t = policy.tags;
    const p = policy.inherited ? (t.get('sp') ?? t.get('p'))?.toLowerCase() : policy.p;
    const order = parseTags(policy.record);
    if (order.order[0] !== 'v') findings.push({ status: 'fail', text: 'v=DMARC1 must be the first tag.' });
    for (const d of order.duplicates)
      findings.push({ status: 'warn', text: `The tag ${d}= appears twice; receivers use the first.` });
    for (const m of order.malformed) findings.push({ status: 'warn', text: `"${m}" is not a tag=value pair.` });
    if (!policy.p || !['none', 'quarantine', 'reject'].includes(policy.p)) {
      findings.push({
        status: 'fail',
        text: policy.p
          ? `p=${policy.p} is not a policy (none, quarantine or reject); receivers ignore the record${t.has('rua') ? ' or treat it as p=none' : ''}.`
          : 'The record has no p= tag, which is required.',
      });
    } else if (p === 'none') {
      findings.push({
        status: 'warn',
        text: `The policy${policy.inherited ? ' for subdomains' : ''} is p=none: reports only. It meets the bulk-sender minimum, but forged mail using this domain is still delivered.`,
      });
    } else if (p) {
      findings.push({
        status: 'pass',
        text: `The policy${policy.inherited ? ' for subdomains' : ''} is ${p}: mail that fails DMARC is ${p === 'reject' ? 'refused' : 'sent to spam'}.`,
      });
    }
    const sp = t.get('sp')?.toLowerCase();
    if (!policy.inherited && sp && policy.p && sp !== policy.p) {
      findings.push({
        status: sp === 'none' && policy.p !== 'none' ? 'warn' : 'info',
        text: `Subdomains have their own policy: sp=${sp}.`,
      });
    }
    const np = t.get('np')?.toLowerCase();
    if (np)
      findings.push({
        status: 'info',
        text: `Non-existent subdomains: np=${np} (a DMARCbis tag; receivers that do not know it ignore it).`,
      });
    const pct = t.get('pct');
    if (pct !== undefined) {
      const n = /^\d{1,3}$/.test(pct) ? Number(pct) : NaN;
      if (!(n >= 0 && n <= 100)) findings.push({ status: 'fail', text: `pct=${pct} is not a number from 0 to 100.` });
      else if (n < 100 && p !== 'none') {
        findings.push({
          status: 'warn',
          text: `pct=${n}: the policy applies to only ${n}% of failing mail; the rest is treated one step more leniently.`,
        });
      }
    }
    if (t.get('t')?.toLowerCase() === 'y') {
      findings.push({
        status: 'warn',
        text: 't=y (DMARCbis testing mode): receivers apply the policy one step more leniently.',
      });
    }
    for (const tag of ['adkim', 'aspf'] as const) {
      const v = t.get(tag)?.toLowerCase();
      if (v !== undefined && v !== 'r' && v !== 's')
        findings.push({ status: 'fail', text: `${tag}=${v} must be r or s.` });
      if (v === 's') {
        findings.push({
          status: 'info',
          text: `${tag}=s (strict): ${tag === 'adkim' ? 'the DKIM signing domain' : 'the envelope sender domain'} must equal the From domain exactly; a subdomain does not align.`,
        });
      }
    }
    const rua = t.get('rua');
    if (!rua)
      findings.push({
        status: 'warn',
        text: 'No rua= address: you get no aggregate reports, so you cannot see who sends as your domain or what fails.',
      });
    else await checkReportAuthorization(policy.at, rua, 'rua', q, findings, ev);
    const ruf = t.get('ruf');
    if (ruf) await checkReportAuthorization(policy.at, ruf, 'ruf', q, findings, ev);
  }
  const status = worst(findings);
  return {
    policy,
    result: {
      ...CHECK_INFO['dmarc'],
      status,
      summary:
        policy && status !== 'fail' && status !== 'error'
          ? `Policy ${policy.inherited ? `from ${policy.at}` : 'published'}: p=${policy.p}${policy.inherited && policy.tags.get('sp') ? `, sp=${policy.tags.get('sp')}` : ''}.`
          : (findings.find((f) => f.status === status)?.text ?? ''),
      findings,
      evidence: ev,
      fix: [
        `Publish one TXT record at _dmarc.${domain}, starting with "v=DMARC1; p=none; rua=mailto:<an address you read>".`,
        'Read the aggregate reports until every legitimate source passes SPF or DKIM aligned with your From domain, then move to p=quarantine and p=reject.',
        'If reports go to another company\'s domain, that domain must publish "<your domain>._report._dmarc.<their domain>" (report services do this for their customers).',
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// DKIM

export interface DkimFound {
  selector: string;
  status: Status;
}

export async function checkDkim(
  domain: string,
  given: string[],
  q: Lookup,
): Promise<CheckResult & { found: DkimFound[] }> {
  const selectors = [...new Set([...given.map((s) => s.toLowerCase()), ...COMMON_SELECTORS])];
  const findings: Finding[] = [];
  const ev: Evidence[] = [];
  const found: DkimFound[] = [];
  const answers = await Promise.all(
    selectors.map(async (s) => ({
      s,
      name: `${s}._domainkey.${domain}`,
      a: await q.query(`${s}._domainkey.${domain}`, 'TXT'),
    })),
  );
  let errors = 0;
  for (const { s, name, a } of answers) {
    const asked = given.map((g) => g.toLowerCase()).includes(s);
    if (a.status === 'error') {
      errors++;
      if (asked) findings.push(errorFinding(name, a));
      continue;
    }
    if (a.status !== 'ok') {
      if (asked)
        findings.push({
          status: 'fail',
          text: `No DKIM key at selector "${s}" (${name}): mail signed with it fails DKIM.`,
        });
      if (asked) ev.push(evidence(name, 'TXT', a));
      continue;
    }
    const keys = a.records.filter((r) => /(^|;)\s*p\s*=/i.test(r) || /^v\s*=\s*DKIM1/i.test(r));
    if (!keys.length) {
      if (asked) findings.push({ status: 'fail', text: `The TXT record at ${name} is not a DKIM key.` });
      continue;
    }
    ev.push({ name, type: 'TXT', records: keys.map(clip) });
    const local: Finding[] = [];
    if (keys.length > 1)
      local.push({
        status: 'warn',
        text: `Selector "${s}" has ${keys.length} key records; verifiers may pick either.`,
      });
    const rec = parseDkimRecord(keys[0]);
    if (rec.version !== undefined && rec.version !== 'DKIM1')
      local.push({ status: 'fail', text: `Selector "${s}": v=${rec.version} is not DKIM1.` });
    if (rec.notFirstVersion) local.push({ status: 'warn', text: `Selector "${s}": v=DKIM1 must come first.` });
    if (rec.p === undefined) local.push({ status: 'fail', text: `Selector "${s}": the record has no p= tag.` });
    else if (rec.p === '') {
      local.push({
        status: 'fail',
        text: `Selector "${s}": the key is revoked (empty p=). Mail still signed with it fails DKIM.`,
      });
    } else {
      const key = dkimKey(rec.keyType, rec.p);
      if (!key.ok) local.push({ status: 'fail', text: `Selector "${s}": ${key.error}` });
      else if (key.keyType === 'ed25519') {
        local.push({
          status: 'pass',
          text: `Selector "${s}": Ed25519 key. Not every receiver verifies Ed25519 yet: sign with an RSA key as well.`,
        });
      } else if (key.bits < 1024) {
        local.push({
          status: 'fail',
          text: `Selector "${s}": RSA key of ${key.bits} bits. Keys under 1024 bits are refused by receivers (RFC 8301) and can be broken.`,
        });
      } else if (key.bits < 2048) {
        local.push({
          status: 'warn',
          text: `Selector "${s}": RSA key of ${key.bits} bits. It works, but 2048 bits is the recommended size now.`,
        });
      } else {
        local.push({ status: 'pass', text: `Selector "${s}": RSA key of ${key.bits} bits.` });
      }
    }
    if (rec.flags.includes('y')) {
      local.push({
        status: 'warn',
        text: `Selector "${s}": t=y (testing): verifiers may treat its signatures as if unsigned.`,
      });
    }
    if (rec.hashes && !rec.hashes.includes('sha256')) {
      local.push({
        status: 'fail',
        text: `Selector "${s}": h=${rec.hashes.join(':')} allows only SHA-1, which verifiers no longer accept (RFC 8301).`,
      });
    }
    found.push({ selector: s, status: worst(local) });
    findings.push(...local);
  }
  if (!found.length && !findings.some((f) => f.status === 'fail')) {
    findings.push({
      status: errors === selectors.length ? 'error' : 'warn',
      text:
        errors === selectors.length
          ? 'None of the selectors could be looked up.'
          : `No DKIM key at the ${selectors.length - errors} selectors tried. A key can only be found by its selector: read s= in the DKIM-Signature header of a message you sent and enter it here.`,
    });
  }
  const status = worst(findings);
  return {
    ...CHECK_INFO['dkim'],
    status,
    found,
    summary:
      found.length && (status === 'pass' || status === 'warn')
        ? `Key${found.length > 1 ? 's' : ''} found at ${found.map((f) => `"${f.selector}"`).join(', ')}.`
        : (findings.find((f) => f.status === status)?.text ?? ''),
    findings,
    evidence: ev,
    fix: [
      'Turn on DKIM signing with your own domain at every service that sends for you, and publish the key (or the CNAME) each gives you.',
      'Use RSA keys of 2048 bits; replace keys under 1024 bits now and rotate keys at least yearly.',
      'Remove t=y once signatures verify, and delete a revoked selector only after nothing signs with it.',
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// MTA-STS, TLS-RPT, BIMI: records only (the MTA-STS policy file is served over HTTPS from
// another host, which a page cannot read across origins)

async function singleTagRecord(
  name: string,
  version: RegExp,
  q: Lookup,
): Promise<{ a: Answer; recs: string[]; ev: Evidence }> {
  const a = await q.query(name, 'TXT');
  const recs = a.status === 'ok' ? a.records.filter((r) => version.test(r)) : [];
  return {
    a,
    recs,
    ev: {
      ...evidence(name, 'TXT', a),
      ...(a.status === 'ok' ? { records: recs.map(clip) } : {}),
      ...(a.status === 'ok' && !recs.length ? { note: 'TXT records, none of the expected version' } : {}),
    },
  };
}

export async function checkMtaSts(domain: string, q: Lookup): Promise<CheckResult> {
  const name = `_mta-sts.${domain}`;
  const { a, recs, ev } = await singleTagRecord(name, /^v=STSv1\s*(;|$)/, q);
  const findings: Finding[] = [];
  if (a.status === 'error') findings.push(errorFinding(name, a));
  else if (!recs.length) {
    findings.push({
      status: 'info',
      text: 'No MTA-STS record. Mail sent to this domain can be downgraded to plain text by an attacker on the path; it is optional.',
    });
  } else if (recs.length > 1) {
    findings.push({
      status: 'fail',
      text: `${recs.length} MTA-STS records: with more than one, senders ignore MTA-STS (RFC 8461 §3.1).`,
    });
  } else {
    const id = parseTags(recs[0]).tags.get('id');
    if (!id || !/^[a-z0-9]{1,32}$/i.test(id))
      findings.push({ status: 'fail', text: 'The id= tag is missing or not 1 to 32 letters and digits.' });
    else {
      findings.push({ status: 'pass', text: `MTA-STS record published (id=${id}).` });
      findings.push({
        status: 'info',
        text: `The policy itself lives at https://mta-sts.${domain}/.well-known/mta-sts.txt; this checker reads the DNS record only. Change id= whenever you change the policy.`,
      });
    }
  }
  const status = worst(findings);
  return {
    ...CHECK_INFO['mta-sts'],
    status,
    summary: findings[0].text,
    findings,
    evidence: [ev],
    fix: [
      `Publish "v=STSv1; id=<date or counter>" at ${name} and serve the policy at https://mta-sts.${domain}/.well-known/mta-sts.txt; start with mode: testing.`,
    ],
  };
}

export async function checkTlsRpt(domain: string, q: Lookup, hasMtaSts: boolean): Promise<CheckResult> {
  const name = `_smtp._tls.${domain}`;
  const { a, recs, ev } = await singleTagRecord(name, /^v=TLSRPTv1\s*(;|$)/, q);
  const findings: Finding[] = [];
  if (a.status === 'error') findings.push(errorFinding(name, a));
  else if (!recs.length) {
    findings.push({
      status: hasMtaSts ? 'warn' : 'info',
      text: hasMtaSts
        ? 'MTA-STS is published but TLS-RPT is not: you will not hear about senders that fail to reach you over TLS.'
        : 'No TLS-RPT record; it is optional and reports TLS failures of mail sent to you.',
    });
  } else if (recs.length > 1) {
    findings.push({
      status: 'fail',
      text: `${recs.length} TLS-RPT records: senders send no reports when there is more than one (RFC 8460 §3).`,
    });
  } else {
    const rua = parseTags(recs[0]).tags.get('rua');
    const ok = rua?.split(',').every((u) => /^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+)$/i.test(u.trim()));
    findings.push(
      ok
        ? { status: 'pass', text: `TLS reports go to ${rua}.` }
        : { status: 'fail', text: 'rua= is missing or is not a list of mailto: or https: addresses.' },
    );
  }
  const status = worst(findings);
  return {
    ...CHECK_INFO['tls-rpt'],
    status,
    summary: findings[0].text,
    findings,
    evidence: [ev],
    fix: [`Publish "v=TLSRPTv1; rua=mailto:<an address you read>" at ${name}.`],
  };
}

export async function checkBimi(domain: string, q: Lookup, dmarc?: DmarcPolicy): Promise<CheckResult> {
  const name = `default._bimi.${domain}`;
  const { a, recs, ev } = await singleTagRecord(name, /^v=BIMI1\s*(;|$)/i, q);
  const findings: Finding[] = [];
  if (a.status === 'error') findings.push(errorFinding(name, a));
  else if (!recs.length)
    findings.push({
      status: 'info',
      text: 'No BIMI record; it is optional and only shows a logo, it does not affect delivery.',
    });
  else {
    const tags = parseTags(recs[0]).tags;
    const l = tags.get('l');
    if (l && !/^https:\/\//i.test(l))
      findings.push({ status: 'fail', text: 'l= must be an https: address of an SVG logo.' });
    else
      findings.push({
        status: 'pass',
        text: l ? `Logo: ${l}` : 'BIMI record published with no logo (l= empty): the domain declines BIMI.',
      });
    if (!tags.get('a'))
      findings.push({
        status: 'info',
        text: 'No a= certificate (VMC or CMC): Gmail and Apple Mail show a logo only with one.',
      });
    const enforced =
      dmarc && ['quarantine', 'reject'].includes(dmarc.p ?? '') && (dmarc.tags.get('pct') ?? '100') === '100';
    if (!enforced)
      findings.push({
        status: 'warn',
        text: 'BIMI logos are shown only when DMARC is at p=quarantine or p=reject for all mail (pct=100).',
      });
  }
  const status = worst(findings);
  return {
    ...CHECK_INFO['bimi'],
    status,
    summary: findings[0].text,
    findings,
    evidence: [ev],
    fix: ['Enforce DMARC first, then publish "v=BIMI1; l=https://…/logo.svg; a=https://…/vmc.pem" at ' + name + '.'],
  };
}

// ---------------------------------------------------------------------------------------------
// The sending IP: reverse DNS and block lists

const GENERIC_PTR = /(\d{1,3}[-.]){3}\d{1,3}|dynamic|dhcp|dsl|pool|cable|dial|broadband|static-ip|customer/i;

export async function checkPtr(ipText: string, q: Lookup): Promise<CheckResult> {
  const ip = parseIp(ipText);
  if (!ip.ok) throw new Error(ip.error);
  const findings: Finding[] = [];
  const ev: Evidence[] = [];
  const special = specialIp(ip.ip, ip.version);
  if (special)
    findings.push({
      status: 'warn',
      text: `${ip.ip} is ${special}: receivers on the internet never see it as a sender.`,
    });
  const ptr = await q.query(ip.reverse, 'PTR');
  ev.push(evidence(ip.reverse, 'PTR', ptr));
  if (ptr.status === 'error') findings.push(errorFinding(`the PTR record of ${ip.ip}`, ptr));
  else if (ptr.status !== 'ok') {
    findings.push({
      status: 'fail',
      text: `${ip.ip} has no reverse DNS (PTR) record. Gmail and Yahoo refuse or defer mail from such addresses.`,
    });
  } else {
    if (ptr.records.length > 1)
      findings.push({
        status: 'warn',
        text: `${ip.ip} has ${ptr.records.length} PTR records; keep one, naming the host that sends.`,
      });
    const type = ip.version === 4 ? 'A' : 'AAAA';
    let confirmed: string | undefined;
    for (const host of ptr.records.slice(0, 4)) {
      const fwd = await q.query(host, type);
      ev.push(evidence(host, type, fwd));
      if (fwd.status === 'error') findings.push(errorFinding(`${type} of ${host}`, fwd));
      else if (
        fwd.status === 'ok' &&
        fwd.records.some((r) => (parseIp(r).ok ? (parseIp(r) as { ip: string }).ip : r) === ip.ip)
      ) {
        confirmed = host;
      }
    }
    if (confirmed) {
      findings.push({ status: 'pass', text: `Forward-confirmed: ${ip.ip} → ${confirmed} → ${ip.ip}.` });
      if (GENERIC_PTR.test(confirmed)) {
        findings.push({
          status: 'warn',
          text: `${confirmed} looks like a generic or dynamic host name; receivers score that like a home connection. Use a name under your own domain, such as mail.example.com.`,
        });
      }
    } else if (!findings.some((f) => f.status === 'error')) {
      findings.push({
        status: 'fail',
        text: `The PTR name ${ptr.records[0]} does not resolve back to ${ip.ip}: reverse DNS is not forward-confirmed.`,
      });
    }
  }
  const status = worst(findings);
  return {
    ...CHECK_INFO['ptr'],
    status,
    summary: findings.find((f) => f.status === status)?.text ?? '',
    findings,
    evidence: ev,
    fix: [
      'Ask whoever owns the IP address (your hosting provider or ISP; the ESP for a shared or dedicated IP) to set its PTR record to a host name under your domain.',
      'Give that host name an A (or AAAA) record pointing back at the same address, and use the same name in HELO/EHLO.',
    ],
  };
}

export async function checkBlockLists(domain: string, ipText: string | undefined, q: Lookup): Promise<CheckResult> {
  const ip = ipText ? parseIp(ipText) : undefined;
  const findings: Finding[] = [];
  const ev: Evidence[] = [];
  const lists = BLOCK_LISTS.filter((l) => (l.kind === 'domain' ? true : ip?.ok && (ip.version === 4 || l.ipv6)));
  const results = await Promise.all(
    lists.map(async (l) => {
      const key = l.kind === 'domain' ? domain : (ip as { dnsbl: string }).dnsbl;
      const name = `${key}.${l.zone}`;
      const testName = `${l.test}.${l.zone}`;
      const [a, test] = await Promise.all([q.query(name, 'A'), q.query(testName, 'A')]);
      return { l, name, a, v: readListing(l, a, test, q.resolver.public) };
    }),
  );
  for (const { l, name, a, v } of results) {
    const subject = l.kind === 'domain' ? domain : (ip as { ip: string }).ip;
    ev.push(evidence(name, 'A', a));
    if (a.status === 'error') findings.push(errorFinding(`${l.name} (${name})`, a));
    else if (v.state === 'listed') {
      findings.push({
        status: 'fail',
        text: `${subject} is listed on ${l.name} (${v.answers.join(', ')}${v.meaning ? `: ${v.meaning}` : ''}). Delisting: ${l.lookup}`,
      });
    } else if (v.state === 'not-listed') {
      findings.push({ status: 'pass', text: `${subject} is not listed on ${l.name}.` });
    } else {
      findings.push({ status: 'error', text: `${l.name}: ${v.reason}. Check at ${l.lookup}` });
    }
  }
  if (ip?.ok && ip.version === 6) {
    findings.push({ status: 'info', text: 'Only lists that publish IPv6 data were queried for this IPv6 address.' });
  }
  if (!ip) findings.push({ status: 'info', text: 'Enter the sending IP address to check IP block lists too.' });
  const status = worst(findings);
  const listed = findings.filter((f) => f.status === 'fail').length;
  const unchecked = findings.filter((f) => f.status === 'error').length;
  return {
    ...CHECK_INFO['blocklists'],
    status,
    summary: listed
      ? `Listed on ${listed} block list${listed > 1 ? 's' : ''}.`
      : `Not listed on the ${results.length - unchecked} list${results.length - unchecked === 1 ? '' : 's'} that answered${unchecked ? `; ${unchecked} could not be checked` : ''}.`,
    findings,
    evidence: ev,
    fix: [
      'Find and stop the cause first (a compromised account or host, a purchased list, missing bounce handling); lists relist quickly when the spam continues.',
      'Then ask each list for removal at its own lookup page; some expire listings on their own after the spam stops.',
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Bulk-sender minimums, from the results above

export function bulkSenderCheck(checks: CheckResult[], ipGiven: boolean): CheckResult {
  const by = (id: string) => checks.find((c) => c.id === id);
  const findings: Finding[] = [];
  const req = (id: string, label: string, ok: (c: CheckResult) => boolean) => {
    const c = by(id);
    if (!c) return;
    if (c.status === 'error') findings.push({ status: 'error', text: `${label}: could not be checked.` });
    else
      findings.push({
        status: ok(c) ? 'pass' : 'fail',
        text: `${label}: ${ok(c) ? 'met' : 'not met'} (${STATUS_LABEL[c.status].toLowerCase()} above).`,
      });
  };
  req('spf', 'SPF record that passes', (c) => c.status !== 'fail');
  const dkim = by('dkim') as (CheckResult & { found?: DkimFound[] }) | undefined;
  if (dkim) {
    const good = (dkim.found ?? []).some((f) => f.status !== 'fail');
    findings.push(
      good
        ? { status: 'pass', text: 'DKIM key published: met.' }
        : dkim.status === 'error'
          ? { status: 'error', text: 'DKIM key: could not be checked.' }
          : { status: 'warn', text: 'DKIM key: none found at the selectors tried; enter your selector to confirm.' },
    );
  }
  req('dmarc', 'DMARC record, at least p=none', (c) => c.status !== 'fail');
  if (ipGiven)
    req('ptr', 'Forward-confirmed reverse DNS of the sending IP', (c) => c.status === 'pass' || c.status === 'warn');
  findings.push({
    status: 'info',
    text: 'Not visible in DNS, also required: From aligned with SPF or DKIM, TLS, one-click unsubscribe (RFC 8058) on marketing mail, and a spam-complaint rate under 0.3%.',
  });
  const status = worst(findings);
  return {
    ...CHECK_INFO['bulk'],
    status,
    summary:
      status === 'pass' || status === 'info'
        ? 'The DNS part of the bulk-sender requirements is met.'
        : status === 'fail'
          ? 'Some bulk-sender requirements are not met.'
          : 'Some requirements could not be confirmed.',
    findings,
    evidence: [],
    fix: ['Fix each failing check above; the order that unblocks most mail is SPF, then DKIM, then DMARC.'],
  };
}

// ---------------------------------------------------------------------------------------------

export interface RunOptions {
  /** Called as each check completes, for progressive rendering. */
  onResult?: (r: CheckResult) => void;
  now?: () => Date;
  timeoutMs?: number;
}

/** Run every check. Each check catches its own failures, so one broken lookup never stops the rest. */
export async function runChecks(input: CheckInput, resolver: Resolver, opts: RunOptions = {}): Promise<Report> {
  const q = new Lookup(resolver, opts.timeoutMs);
  const checkedAt = (opts.now?.() ?? new Date()).toISOString();
  const done: CheckResult[] = [];
  const emit = (r: CheckResult) => {
    done.push(r);
    opts.onResult?.(r);
    return r;
  };
  // A check that throws (a bug, never a DNS answer) still reports, and the others go on.
  const guard = (id: CheckId, p: Promise<CheckResult>) =>
    p
      .catch((e: unknown): CheckResult => ({
        ...CHECK_INFO[id],
        status: 'error',
        summary: `This check stopped: ${String((e as Error)?.message ?? e)}`,
        findings: [],
        evidence: [],
        fix: [],
      }))
      .then(emit);
  const { domain } = input;
  const dmarc = checkDmarc(domain, q);
  const mtaSts = checkMtaSts(domain, q);
  const jobs: Promise<CheckResult>[] = [
    guard('mx', checkMx(domain, q)),
    guard('spf', checkSpf(domain, q)),
    guard(
      'dmarc',
      dmarc.then((d) => d.result),
    ),
    guard('dkim', checkDkim(domain, input.selectors ?? [], q)),
    guard('mta-sts', mtaSts),
    guard(
      'tls-rpt',
      mtaSts.then((m) => checkTlsRpt(domain, q, m.status === 'pass')),
    ),
    guard(
      'bimi',
      dmarc.then((d) => checkBimi(domain, q, d.policy)),
    ),
    guard('blocklists', checkBlockLists(domain, input.ip, q)),
  ];
  if (input.ip) jobs.push(guard('ptr', checkPtr(input.ip, q)));
  await Promise.all(jobs);
  emit(bulkSenderCheck(done, !!input.ip));
  const order: string[] = CHECK_ORDER;
  done.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return {
    domain,
    ...(input.ip ? { ip: input.ip } : {}),
    resolver: resolver.label,
    checkedAt,
    queries: q.count,
    checks: done,
  };
}
