// SPF (RFC 7208): parse one record, and walk a domain's policy the way a receiver would, counting
// the DNS-querying terms against the limit of 10 (§4.6.4) and the void lookups against 2.
import { parseIPv4, parseIPv6 } from './dns.ts';

export type Qualifier = '+' | '-' | '~' | '?';
export type Mechanism = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface SpfTerm {
  raw: string;
  kind: 'mechanism' | 'modifier';
  qualifier: Qualifier;
  name: string;
  /** domain-spec or address, without the CIDR suffix */
  value?: string;
}

export interface ParsedSpf {
  terms: SpfTerm[];
  errors: string[];
}

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
/** Terms that cost a DNS lookup (RFC 7208 §4.6.4). */
export const LOOKUP_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt);
}

const IPV4_CIDR = /^[\d.]+(\/(3[0-2]|[12]?\d))?$/;
const IPV6_CIDR = /^[0-9a-f:.]*:[0-9a-f:.]*(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/i;
const DUAL_CIDR = /^(\/(3[0-2]|[12]?\d))?(\/\/(12[0-8]|1[01]\d|[1-9]?\d))?$/;
// A domain-spec: labels with optional macros (%{...}, %%, %_, %-); checked loosely, as receivers do.
const DOMAIN_SPEC = /^([a-z0-9_.-]|%\{[a-z][0-9]*r?[-.+,/_=]*\}|%%|%_|%-)+$/i;

export function parseSpf(record: string): ParsedSpf {
  const errors: string[] = [];
  const terms: SpfTerm[] = [];
  if (/[^\x20-\x7e]/.test(record)) errors.push('The record holds characters outside printable ASCII.');
  const words = record.trim().split(/ +/).slice(1);
  const seenModifiers = new Set<string>();
  for (const raw of words) {
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
    if (mod) {
      const name = mod[1].toLowerCase();
      if ((name === 'redirect' || name === 'exp') && seenModifiers.has(name))
        errors.push(`"${name}=" appears more than once.`);
      seenModifiers.add(name);
      if ((name === 'redirect' || name === 'exp') && !DOMAIN_SPEC.test(mod[2]))
        errors.push(`"${raw}" does not name a valid domain.`);
      terms.push({ raw, kind: 'modifier', qualifier: '+', name, value: mod[2] });
      continue;
    }
    const m = /^([-+~?]?)([a-z0-9]+)(?::([^/]*))?(\/.*)?$/i.exec(raw);
    const name = m?.[2].toLowerCase() ?? '';
    if (!m || !MECHANISMS.has(name)) {
      errors.push(`"${raw}" is not an SPF mechanism or modifier.`);
      continue;
    }
    const qualifier = (m[1] || '+') as Qualifier;
    const value = m[3];
    const cidr = m[4] ?? '';
    const term: SpfTerm = { raw, kind: 'mechanism', qualifier, name, ...(value !== undefined ? { value } : {}) };
    terms.push(term);
    const bad = (why: string) => errors.push(`"${raw}": ${why}`);
    switch (name) {
      case 'all':
        if (value !== undefined || cidr) bad('"all" takes no argument.');
        break;
      case 'include':
      case 'exists':
        if (!value) bad(`"${name}" needs a domain.`);
        else if (!DOMAIN_SPEC.test(value)) bad('not a valid domain.');
        if (cidr) bad(`"${name}" takes no prefix length.`);
        break;
      case 'a':
      case 'mx':
        if (value !== undefined && !DOMAIN_SPEC.test(value)) bad('not a valid domain.');
        if (!DUAL_CIDR.test(cidr)) bad('invalid prefix length.');
        break;
      case 'ptr':
        if (value !== undefined && !DOMAIN_SPEC.test(value)) bad('not a valid domain.');
        if (cidr) bad('"ptr" takes no prefix length.');
        break;
      case 'ip4':
        if (!value || !parseIPv4(value) || !IPV4_CIDR.test(value + cidr)) bad('not an IPv4 address or network.');
        break;
      case 'ip6':
        if (!value || !parseIPv6(value) || !IPV6_CIDR.test(value + cidr)) bad('not an IPv6 address or network.');
        break;
    }
  }
  return { terms, errors };
}

export const hasMacro = (s: string) => s.includes('%');
