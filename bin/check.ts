#!/usr/bin/env node
// Sender reputation checker on the command line:
//   npm run -s check -- example.com [--ip 192.0.2.1] [--selector s1] [--json]
// The same checks as the /check/ page (src/lib/checker), asked through the system's resolver
// (node:dns/promises) instead of DNS-over-HTTPS. Exit status: 0 no check failed, 1 a check
// failed, 2 bad arguments.
import { Resolver as NodeResolver } from 'node:dns/promises';
import { pathToFileURL } from 'node:url';
import { runChecks, STATUS_LABEL, type Report } from '../src/lib/checker/checks.ts';
import {
  answerFromNodeError,
  validSelector,
  parseDomain,
  parseIp,
  type Answer,
  type Resolver,
  type RRType,
} from '../src/lib/checker/dns.ts';

const USAGE = `usage: npm run -s check -- <domain> [--ip <address>] [--selector <s1,s2>] [--json] [--timeout <ms>]

  <domain>          the domain you send mail from (an email address works too)
  --ip <address>    a sending IPv4 or IPv6 address: reverse DNS and block lists
  --selector <s>    DKIM selector(s) you sign with, besides the common ones tried anyway
  --json            print the report as JSON
  --timeout <ms>    time limit for each DNS query (default 8000)

Exit status: 0 when no check failed, 1 when one did, 2 on bad arguments.`;

// Shared public resolvers: some block lists refuse their queries.
const PUBLIC_RESOLVERS = new Set([
  '8.8.8.8',
  '8.8.4.4',
  '1.1.1.1',
  '1.0.0.1',
  '9.9.9.9',
  '149.112.112.112',
  '208.67.222.222',
  '208.67.220.220',
  '2001:4860:4860::8888',
  '2001:4860:4860::8844',
  '2606:4700:4700::1111',
  '2606:4700:4700::1001',
]);

export function nodeResolver(timeoutMs = 5000): Resolver {
  const r = new NodeResolver({ timeout: timeoutMs, tries: 2 });
  const servers = r.getServers();
  const ask = async (name: string, type: RRType): Promise<string[] | string[][]> => {
    switch (type) {
      case 'A':
        return r.resolve4(name);
      case 'AAAA':
        return r.resolve6(name);
      case 'PTR':
        return r.resolvePtr(name);
      case 'TXT':
        return r.resolveTxt(name);
      case 'MX':
        return (await r.resolveMx(name)).map((m) => `${m.priority} ${m.exchange.replace(/\.$/, '') || '.'}`);
    }
  };
  return {
    label: `the system resolver (${servers.join(', ') || 'none configured'})`,
    public: servers.some((s) => PUBLIC_RESOLVERS.has(s.replace(/^\[|\](:\d+)?$/g, '').replace(/:53$/, ''))),
    async query(name, type): Promise<Answer> {
      try {
        const data = await ask(name, type);
        if (type === 'TXT') {
          const chunks = data as string[][];
          return { status: 'ok', records: chunks.map((c) => c.join('')), parts: chunks };
        }
        return { status: 'ok', records: (data as string[]).map((d) => d.replace(/\.$/, '')) };
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        return answerFromNodeError(err.code, err.message);
      }
    },
  };
}

export interface CliOptions {
  domain: string;
  ip?: string;
  selectors: string[];
  json: boolean;
  timeoutMs: number;
}

export function parseArgs(args: string[]): CliOptions | { error: string } | { help: true } {
  const o: CliOptions = { domain: '', selectors: [], json: false, timeoutMs: 8000 };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--help' || flag === '-h') return { help: true };
    else if (flag === '--json') o.json = true;
    else if (flag === '--ip') {
      const v = value();
      const ip = parseIp(v ?? '');
      if (!ip.ok) return { error: `--ip: ${ip.error}` };
      o.ip = ip.ip;
    } else if (flag === '--selector' || flag === '-s') {
      for (const s of (value() ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)) {
        if (!validSelector(s)) return { error: `--selector: "${s}" is not a valid DKIM selector.` };
        o.selectors.push(s);
      }
    } else if (flag === '--timeout') {
      const n = Number(value());
      if (!(n >= 100 && n <= 60000)) return { error: '--timeout: give milliseconds between 100 and 60000.' };
      o.timeoutMs = n;
    } else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else positional.push(a);
  }
  if (positional.length !== 1) return { error: positional.length ? 'give one domain only' : 'give a domain to check' };
  const d = parseDomain(positional[0]);
  if (!d.ok) return { error: d.error };
  o.domain = d.domain;
  return o;
}

const MARK: Record<string, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', info: 'INFO', error: 'N/A ' };

export function formatReport(r: Report): string {
  const out: string[] = [];
  out.push(`Sender reputation check for ${r.domain}${r.ip ? ` and ${r.ip}` : ''}`);
  out.push(`Checked ${r.checkedAt} through ${r.resolver}, ${r.queries} DNS queries.`);
  for (const c of r.checks) {
    out.push('', `${MARK[c.status]}  ${c.title}: ${c.summary}`);
    for (const f of c.findings.filter((x) => x.text !== c.summary))
      out.push(`      ${STATUS_LABEL[f.status].toLowerCase().padEnd(15)} ${f.text}`);
    for (const e of c.evidence) {
      const shown = e.records.length ? e.records.map((x) => JSON.stringify(x)).join('\n        ') : `(${e.note})`;
      out.push(`      ${e.type} ${e.name}:\n        ${shown}`);
    }
    if (c.status === 'fail' || c.status === 'warn') {
      if (c.codes.length) out.push(`      Bounces it causes: ${c.codes.join(', ')}`);
      for (const f of c.fix) out.push(`      Fix: ${f}`);
    }
  }
  const n = (s: string) => r.checks.filter((c) => c.status === s).length;
  out.push('', `${n('fail')} failed, ${n('warn')} warnings, ${n('pass')} passed, ${n('error')} could not be checked.`);
  return out.join('\n');
}

export async function main(
  args: string[],
  io: { out: (s: string) => void; err: (s: string) => void; resolver?: Resolver; now?: () => Date },
): Promise<number> {
  const o = parseArgs(args);
  if ('help' in o) {
    io.out(USAGE);
    return 0;
  }
  if ('error' in o) {
    io.err(`check: ${o.error}\n\n${USAGE}`);
    return 2;
  }
  const resolver = io.resolver ?? nodeResolver(Math.min(o.timeoutMs, 5000));
  const report = await runChecks({ domain: o.domain, ip: o.ip, selectors: o.selectors }, resolver, {
    timeoutMs: o.timeoutMs,
    now: io.now,
  });
  io.out(o.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.checks.some((c) => c.status === 'fail') ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await main(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  });
  process.exitCode = code;
}
