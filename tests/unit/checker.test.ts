import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import {
  answerFromDohJson,
  answerFromNodeError,
  parseDomain,
  parseIp,
  parseTxtData,
  validSelector,
  type Resolver,
} from '../../src/lib/checker/dns';
import { DOH_SERVICES, dohResolver } from '../../src/lib/checker/doh';
import { CHECKABLE_CODES } from '../../src/lib/checker/info';
import { parseSpf } from '../../src/lib/checker/spf';
import { dkimKey, rsaModulusBits, base64Bytes } from '../../src/lib/checker/dkim';
import { BLOCK_LISTS, readListing } from '../../src/lib/checker/blocklists';
import { organizationalDomain, runChecks, type CheckResult, type Report } from '../../src/lib/checker/checks';
import { loadDataset } from '../../src/lib/dataset';
import { FIXTURES, loadFixture, replayResolver } from '../fixtures/checker/replay';

const KEYS = Object.fromEntries(
  ['good', 'broken', 'ipv6'].flatMap((n) =>
    Object.entries(loadFixture(n).answers)
      .filter(([k]) => k.includes('_domainkey'))
      .map(([k, v]) => [k, String(v).replace(/^.*p=/, '')]),
  ),
);

async function run(name: string, opts: { public?: boolean; timeoutMs?: number } = {}): Promise<Report> {
  const f = loadFixture(name);
  return runChecks({ domain: f.domain, ip: f.ip, selectors: f.selectors }, replayResolver(f, opts), {
    timeoutMs: opts.timeoutMs ?? 200,
    now: () => new Date('2026-12-01T12:00:00Z'),
  });
}
const check = (r: Report, id: string): CheckResult => r.checks.find((c) => c.id === id)!;
const texts = (c: CheckResult, status?: string) =>
  c.findings.filter((f) => !status || f.status === status).map((f) => f.text);

describe('input', () => {
  it('converts IDNs to A-labels and takes the domain from addresses and URLs', () => {
    expect(parseDomain('Bücher.DE')).toEqual({ ok: true, domain: 'xn--bcher-kva.de', unicode: 'Bücher.DE' });
    expect(parseDomain('  jane@Example.COM ')).toEqual({ ok: true, domain: 'example.com' });
    expect(parseDomain('https://mail.example.org/path?x=1')).toEqual({ ok: true, domain: 'mail.example.org' });
    expect(parseDomain('example.com.')).toEqual({ ok: true, domain: 'example.com' });
  });
  it('refuses what is not a domain, with a reason', () => {
    for (const bad of [
      '',
      'localhost',
      '192.0.2.1',
      '[2001:db8::1]',
      'exa mple.com',
      '<b>x</b>.com',
      'a..com',
      '-a.com',
      'x.123',
      `${'a'.repeat(64)}.com`,
      'a"b.com',
    ]) {
      const r = parseDomain(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(10);
    }
  });
  it('parses IPv4 and IPv6 and builds both reverse names', () => {
    expect(parseIp('192.0.2.1')).toMatchObject({
      ok: true,
      version: 4,
      reverse: '1.2.0.192.in-addr.arpa',
      dnsbl: '1.2.0.192',
    });
    const v6 = parseIp('2001:DB8::1');
    expect(v6).toMatchObject({ ok: true, version: 6, ip: '2001:db8::1' });
    expect(v6.ok && v6.reverse).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(parseIp('::ffff:192.0.2.1')).toMatchObject({ ok: true, ip: '::ffff:c000:201' });
    expect(parseIp('[2001:db8:0:0:1:0:0:1]')).toMatchObject({ ok: true, ip: '2001:db8::1:0:0:1' });
    for (const bad of [
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3',
      '2001:db8:::1',
      '1:2:3:4:5:6:7:8:9',
      'fe80::1%eth0',
      'example.com',
      '',
    ])
      expect(parseIp(bad).ok, bad).toBe(false);
  });
});

describe('DNS answers', () => {
  it('reads Cloudflare-quoted and Google-unquoted TXT data', () => {
    expect(parseTxtData('"v=spf1 " "-all"')).toEqual({ text: 'v=spf1 -all', parts: ['v=spf1 ', '-all'] });
    expect(parseTxtData('"a\\"b\\\\c\\059d"')).toEqual({ text: 'a"b\\c;d', parts: ['a"b\\c;d'] });
    expect(parseTxtData('v=spf1 -all')).toEqual({ text: 'v=spf1 -all' });
    expect(parseTxtData('"unterminated')).toEqual({ text: '"unterminated' });
  });
  it('maps DoH status codes and drops CNAMEs in the chain', () => {
    expect(answerFromDohJson({ Status: 3 }, 'A')).toEqual({ status: 'nxdomain' });
    expect(answerFromDohJson({ Status: 2 }, 'A')).toEqual({ status: 'error', error: 'servfail' });
    expect(answerFromDohJson({ Status: 5 }, 'A')).toEqual({ status: 'error', error: 'refused' });
    expect(answerFromDohJson({ Status: 0 }, 'A')).toEqual({ status: 'nodata' });
    expect(answerFromDohJson('garbage', 'A')).toMatchObject({ status: 'error', error: 'failed' });
    const cname = {
      Status: 0,
      Answer: [
        { type: 5, data: 'x.example.net.' },
        { type: 16, data: '"v=DKIM1; p=abc"' },
      ],
    };
    expect(answerFromDohJson(cname, 'TXT')).toEqual({
      status: 'ok',
      records: ['v=DKIM1; p=abc'],
      parts: [['v=DKIM1; p=abc']],
    });
    expect(answerFromDohJson({ Status: 0, Answer: [{ type: 15, data: '0 .' }] }, 'MX')).toEqual({
      status: 'ok',
      records: ['0 .'],
    });
    expect(answerFromDohJson({ Status: 0, Answer: [{ type: 12, data: 'mail.example.com.' }] }, 'PTR')).toEqual({
      status: 'ok',
      records: ['mail.example.com'],
    });
  });
  it("maps node:dns error codes, keeping 'no record' apart from 'could not ask'", () => {
    expect(answerFromNodeError('ENOTFOUND')).toEqual({ status: 'nxdomain' });
    expect(answerFromNodeError('ENODATA')).toEqual({ status: 'nodata' });
    expect(answerFromNodeError('ETIMEOUT')).toMatchObject({ status: 'error', error: 'timeout' });
    expect(answerFromNodeError('ESERVFAIL')).toMatchObject({ status: 'error', error: 'servfail' });
    expect(answerFromNodeError('ECONNREFUSED')).toMatchObject({ status: 'error', error: 'blocked' });
    expect(answerFromNodeError('EWEIRD')).toMatchObject({ status: 'error', error: 'failed' });
  });
});

describe('SPF syntax', () => {
  it('accepts a valid record', () => {
    const r = parseSpf(
      'v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx/24 a:mail.example.com/24//64 include:_spf.example.net exists:%{i}.x.example ~all exp=explain.example.com',
    );
    expect(r.errors).toEqual([]);
    expect(r.terms.filter((t) => t.kind === 'mechanism')).toHaveLength(8);
  });
  it('names each error', () => {
    const r = parseSpf(
      'v=spf1 ip4:300.1.1.1 ip4:192.0.2.0/33 ip6:zz:: include: foo:bar all:x redirect=a.com redirect=b.com',
    );
    expect(r.errors).toHaveLength(7);
    expect(r.errors.join('\n')).toMatch(/"foo:bar" is not an SPF mechanism/);
    expect(r.errors.join('\n')).toMatch(/"redirect=" appears more than once/);
  });
});

describe('DKIM keys', () => {
  it('reads the RSA modulus size from the SubjectPublicKeyInfo', () => {
    const sizes = Object.values(KEYS)
      .map((p) => dkimKey('rsa', p))
      .filter((k) => k.ok)
      .map((k) => k.ok && k.bits);
    expect(sizes).toEqual(expect.arrayContaining([2048, 512, 1024]));
  });
  it('reads a bare PKCS#1 key and an Ed25519 key', () => {
    const v6 = loadFixture('ipv6').answers;
    const pkcs1 = String(v6['TXT selector1._domainkey.v6-sender.com']).replace(/^.*p=/, '');
    expect(rsaModulusBits(base64Bytes(pkcs1)!)).toBe(1024);
    const ed = String(v6['TXT google._domainkey.v6-sender.com']).replace(/^.*p=/, '');
    expect(dkimKey('ed25519', ed)).toEqual({ ok: true, keyType: 'ed25519', bits: 256 });
  });
  it('rejects garbage without throwing', () => {
    for (const p of ['!!!', 'AAAA', 'MIIBIjANBgkq', btoa('\x30\x84\xff\xff\xff\xff'), btoa('\x30\x03\x02\x01')]) {
      expect(dkimKey('rsa', p).ok, p).toBe(false);
    }
    expect(dkimKey('dsa', 'AAAA')).toMatchObject({ ok: false });
  });
});

describe('block list answers', () => {
  const zen = BLOCK_LISTS.find((l) => l.id === 'spamhaus-zen')!;
  const ok = (records: string[]) => ({ status: 'ok', records });
  const nx = { status: 'nxdomain' };
  it('never reads a refusal or a silent list as "not listed"', () => {
    expect(readListing(zen, ok(['127.255.255.254']), ok(['127.255.255.254']), true)).toMatchObject({
      state: 'unchecked',
      reason: expect.stringMatching(/could not check through a public resolver/),
    });
    expect(readListing(zen, nx, nx, true)).toMatchObject({ state: 'unchecked' });
    expect(readListing(zen, nx, ok(['127.255.255.252']), true)).toMatchObject({ state: 'unchecked' });
    expect(readListing(zen, ok(['198.51.100.1']), ok(['127.0.0.2']), false)).toMatchObject({ state: 'unchecked' });
    expect(readListing(zen, { status: 'error' }, ok(['127.0.0.2']), false)).toMatchObject({ state: 'unchecked' });
  });
  it('reads listings and clean answers when the list answers its test entry', () => {
    expect(readListing(zen, ok(['127.0.0.4']), ok(['127.0.0.2']), false)).toMatchObject({
      state: 'listed',
      meaning: expect.stringMatching(/XBL/),
    });
    expect(readListing(zen, nx, ok(['127.0.0.2']), false)).toEqual({ state: 'not-listed' });
  });
});

describe('organizational domain', () => {
  it('uses the Public Suffix List', () => {
    expect(organizationalDomain('news.brand.co.uk')).toBe('brand.co.uk');
    expect(organizationalDomain('a.b.example.com')).toBe('example.com');
    expect(organizationalDomain('example.com')).toBe('example.com');
    expect(organizationalDomain('mail.city.kawasaki.jp')).toBe('city.kawasaki.jp');
  });
});

// Whole runs over every fixture (and the dataset load) on a shared machine: a generous limit.
describe('checks on recorded answers', { timeout: 60_000 }, () => {
  it('passes a well-configured sender, and reports Spamhaus as not checked through a public resolver', async () => {
    const r = await run('good');
    expect(r).toMatchObject({
      domain: 'good-sender.com',
      ip: '93.184.216.34',
      checkedAt: '2026-12-01T12:00:00.000Z',
      resolver: 'recorded answers',
    });
    for (const id of ['mx', 'spf', 'dkim', 'dmarc', 'ptr', 'bulk', 'mta-sts', 'tls-rpt', 'bimi'])
      expect(check(r, id).status, id).toBe('pass');
    const bl = check(r, 'blocklists');
    expect(texts(bl, 'pass')).toHaveLength(4);
    expect(texts(bl, 'error').join('\n')).toMatch(/Spamhaus ZEN: could not check through a public resolver/);
    expect(texts(bl).join('\n')).not.toMatch(/not listed on Spamhaus/);
    expect(check(r, 'dkim').findings[0].text).toMatch(/RSA key of 2048 bits/);
  });

  it('finds two SPF records, a missing DMARC, weak, revoked and testing DKIM keys, no PTR and a listing', async () => {
    const r = await run('broken');
    expect(check(r, 'spf')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/2 SPF records/) });
    expect(check(r, 'spf').evidence[0].records).toHaveLength(2);
    expect(check(r, 'dmarc')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/No DMARC record/) });
    const dkim = texts(check(r, 'dkim')).join('\n');
    expect(dkim).toMatch(/"s1": RSA key of 512 bits/);
    expect(dkim).toMatch(/"s2": the key is revoked/);
    expect(dkim).toMatch(/"mkt": RSA key of 1024 bits/);
    expect(dkim).toMatch(/"mkt": t=y/);
    expect(check(r, 'dkim').status).toBe('fail');
    expect(check(r, 'ptr')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/no reverse DNS/) });
    expect(texts(check(r, 'blocklists'), 'fail')).toEqual([expect.stringMatching(/listed on SpamCop/)]);
    expect(check(r, 'bulk').status).toBe('fail');
  });

  it('counts 11 DNS lookups through nested includes', async () => {
    const spf = check(await run('spf-11-lookups'), 'spf');
    expect(spf.status).toBe('fail');
    expect(texts(spf, 'fail').join('\n')).toMatch(/^11 DNS-querying terms/m);
  });

  it('stops at an include loop', async () => {
    const spf = check(await run('spf-loop'), 'spf');
    expect(texts(spf, 'fail')).toContainEqual(
      expect.stringMatching(/Include loop: loop-sender.com → spf.loop-sender.com → loop-sender.com/),
    );
  });

  it('flags +all, ptr, void lookups, syntax errors and includes without SPF', async () => {
    const spf = texts(check(await run('spf-hostile'), 'spf')).join('\n');
    for (const re of [
      /ends in "\+all": every server/,
      /ptr mechanism/,
      /3 lookups return no record/,
      /"ip4:300.1.1.1"/,
      /"foo:bar"/,
      /nospf.hostile-spf.com .* publishes no SPF record/,
      /open.example.net ends in "\+all"/,
    ])
      expect(spf).toMatch(re);
  });

  it('finds DMARC at the organizational domain only, and checks report authorization', async () => {
    const d = check(await run('dmarc-org'), 'dmarc');
    expect(d.summary).toMatch(/from brand.co.uk: p=reject, sp=quarantine/);
    expect(d.evidence.map((e) => e.name)).toEqual(
      expect.arrayContaining(['_dmarc.news.brand.co.uk', '_dmarc.brand.co.uk']),
    );
    const all = texts(d).join('\n');
    expect(all).toMatch(/policy for subdomains is quarantine/);
    expect(all).toMatch(/pct=50/);
    expect(all).toMatch(/does not publish brand.co.uk._report._dmarc.dmarc-reports.net/);
    expect(all).toMatch(/authorized-reports.org accepts ruf reports/);
    expect(all).not.toMatch(/dmarc@brand.co.uk/); // same organization: no authorization needed
  });

  it('survives huge TXT records and clips the evidence', async () => {
    const r = await run('huge-txt');
    const spf = check(r, 'spf');
    expect(texts(spf, 'fail').join('\n')).toMatch(/longer than 255 bytes/);
    expect(texts(spf, 'warn').join('\n')).toMatch(/over 450 characters/);
    expect(check(r, 'dkim').findings[0].text).toMatch(/2048 bits/); // key split over two strings
    for (const c of r.checks)
      for (const e of c.evidence) for (const rec of e.records) expect(rec.length).toBeLessThan(2100);
  });

  it('reports a domain that does not exist', async () => {
    const r = await run('nxdomain');
    expect(check(r, 'mx')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/does not exist/) });
  });

  it('says "could not check" on SERVFAIL and timeouts, and still finishes every check', async () => {
    for (const name of ['servfail', 'timeout']) {
      const r = await run(name, { timeoutMs: 30 });
      expect(r.checks.map((c) => c.id).sort()).toEqual([
        'bimi',
        'blocklists',
        'bulk',
        'dkim',
        'dmarc',
        'mta-sts',
        'mx',
        'spf',
        'tls-rpt',
      ]);
      for (const c of r.checks.filter((c) => c.id !== 'blocklists')) expect(c.status, `${name} ${c.id}`).toBe('error');
      expect(texts(check(r, 'mx')).join()).toMatch(name === 'servfail' ? /SERVFAIL/ : /timed out/);
      for (const c of r.checks)
        expect(
          c.findings.every((f) => f.status !== 'pass'),
          c.id,
        ).toBe(true);
    }
  });

  it('fails a null MX', async () => {
    const mx = check(await run('null-mx'), 'mx');
    expect(mx).toMatchObject({ status: 'fail', summary: expect.stringMatching(/null MX/) });
    expect(mx.codes).toContain('5.7.27');
  });

  it('handles IPv6: reverse DNS, Ed25519 and PKCS#1 keys, IPv6-capable lists only', async () => {
    const r = await run('ipv6', { public: false });
    expect(texts(check(r, 'ptr'), 'pass')).toEqual([
      'Forward-confirmed: 2001:db8:1::25 → mx.v6-sender.com → 2001:db8:1::25.',
    ]);
    expect(texts(check(r, 'blocklists'), 'fail')).toEqual([
      expect.stringMatching(/listed on Spamhaus ZEN \(127.0.0.4: XBL/),
    ]);
    expect(texts(check(r, 'blocklists')).join()).not.toMatch(/SpamCop|Barracuda/);
    expect(texts(check(r, 'dkim')).join('\n')).toMatch(/Ed25519[\s\S]*1024 bits/);
  });

  it('keeps going when the resolver throws', async () => {
    const f = loadFixture('good');
    const inner = replayResolver(f);
    const throwing: Resolver = {
      ...inner,
      query: (n, t) => (n.startsWith('_dmarc') ? Promise.reject(new Error('boom')) : inner.query(n, t)),
    };
    const r = await runChecks({ domain: f.domain }, throwing, { timeoutMs: 200 });
    expect(check(r, 'dmarc')).toMatchObject({ status: 'error' });
    expect(texts(check(r, 'dmarc')).join()).toMatch(/boom/);
    expect(check(r, 'spf').status).toBe('pass');
  });

  it('asks only DNS names derived from the input, each once', async () => {
    const f = loadFixture('good');
    const log: string[] = [];
    await runChecks({ domain: f.domain, ip: f.ip }, replayResolver(f, { log }), { timeoutMs: 200 });
    expect(new Set(log).size).toBe(log.length);
    for (const q of log) expect(q).toMatch(/^(A|AAAA|MX|TXT|PTR) [a-z0-9._-]+$/);
  });

  it('links only codes that have a page', async () => {
    const pages = new Set(loadDataset('data/codes').map((c) => c.code));
    for (const name of FIXTURES) {
      for (const c of (await run(name, { timeoutMs: 20 })).checks) {
        for (const code of c.codes) expect(pages.has(code), `${c.id}: ${code}`).toBe(true);
      }
    }
  });

  it('covers every recorded fixture file', () => {
    const files = readdirSync(new URL('../fixtures/checker/', import.meta.url)).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual([...FIXTURES].sort());
  });
});

describe('DNS-over-HTTPS resolver', () => {
  const cf = DOH_SERVICES.cloudflare;
  const json = (body: unknown, status = 200) =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/dns-json' } }),
    );
  it('asks name and type only, with the DoH JSON accept header', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const r = dohResolver(cf, {
      fetch: (url, init) => {
        calls.push([String(url), init]);
        return json({ Status: 0, Answer: [{ type: 16, data: '"v=spf1 -all"' }] });
      },
    });
    expect(await r.query('_dmarc.example.com', 'TXT')).toMatchObject({ status: 'ok', records: ['v=spf1 -all'] });
    expect(calls[0][0]).toBe('https://cloudflare-dns.com/dns-query?name=_dmarc.example.com&type=TXT');
    expect(calls[0][1]?.headers).toEqual({ accept: 'application/dns-json' });
    expect(r).toMatchObject({ label: 'Cloudflare (cloudflare-dns.com)', public: true });
  });
  it('tells HTTP errors, bad bodies, offline, blocked and timeouts apart', async () => {
    const q = (fetch: typeof globalThis.fetch, online = true, timeoutMs = 1000) =>
      dohResolver(cf, { fetch, online: () => online, timeoutMs }).query('example.com', 'A');
    expect(await q(() => json({}, 500))).toMatchObject({ status: 'error', error: 'failed', detail: 'HTTP 500' });
    expect(await q(() => Promise.resolve(new Response('<html>')))).toMatchObject({
      error: 'failed',
      detail: 'the answer was not JSON',
    });
    expect(await q(() => Promise.reject(new TypeError('Failed to fetch')), false)).toMatchObject({ error: 'offline' });
    expect(await q(() => Promise.reject(new TypeError('Failed to fetch')))).toMatchObject({ error: 'blocked' });
    const hang: typeof fetch = (_u, init) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    expect(await q(hang, true, 20)).toMatchObject({ error: 'timeout' });
  });
});

describe('selectors', () => {
  it('accepts DKIM selectors and refuses anything else', () => {
    for (const s of ['s1', 'selector1', 'k1', '2024-01._mail', 'a.b']) expect(validSelector(s), s).toBe(true);
    for (const s of ['', 'a b', '<x>', '.a', 'a..b', 'x'.repeat(64)]) expect(validSelector(s), s).toBe(false);
  });
  it('links the checker from the code pages it can explain, not from broad ones', () => {
    expect(CHECKABLE_CODES.has('5.7.26')).toBe(true);
    expect(CHECKABLE_CODES.has('5.7.25')).toBe(true);
    expect(CHECKABLE_CODES.has('550')).toBe(false);
    expect(CHECKABLE_CODES.has('5.1.1')).toBe(false);
  });
});
