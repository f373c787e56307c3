import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { formatReport, main, parseArgs } from '../../bin/check';
import type { Report } from '../../src/lib/checker/checks';
import { loadFixture, replayResolver } from '../fixtures/checker/replay';

// The command line with a recorded-answer resolver injected: no test reaches the network.
async function cli(args: string[], fixture: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    resolver: replayResolver(loadFixture(fixture)),
    now: () => new Date('2026-12-01T12:00:00Z'),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('check command line', () => {
  it('prints a readable report and exits 0 when nothing fails', async () => {
    const r = await cli(['good-sender.com', '--ip', '93.184.216.34'], 'good');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Sender reputation check for good-sender.com and 93.184.216.34$/m);
    expect(r.out).toMatch(/Checked 2026-12-01T12:00:00.000Z through recorded answers/);
    expect(r.out).toMatch(/^PASS {2}SPF: One valid SPF record, 1 of 10 DNS lookups\.$/m);
    expect(r.out).toMatch(/^N\/A +Block lists: .*could not be checked/m);
    expect(r.out).toMatch(/could not check through a public resolver/);
  });

  it('exits 1 and lists the bounce codes and fixes when a check fails', async () => {
    const r = await cli(['broken-sender.com', '--ip=198.18.7.9', '--selector', 's1,s2', '-s', 'mkt'], 'broken');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^FAIL {2}SPF: broken-sender.com publishes 2 SPF records/m);
    expect(r.out).toMatch(/Bounces it causes: 5\.7\.23/);
    expect(r.out).toMatch(/"mkt": t=y/);
  });

  it('prints JSON with --json', async () => {
    const r = await cli(['news.brand.co.uk', '--json'], 'dmarc-org');
    const report = JSON.parse(r.out) as Report;
    expect(report.domain).toBe('news.brand.co.uk');
    expect(report.checks.find((c) => c.id === 'dmarc')?.summary).toMatch(/from brand.co.uk/);
  });

  it('accepts an address or an IDN and converts it', () => {
    expect(parseArgs(['postmaster@Bücher.de'])).toMatchObject({ domain: 'xn--bcher-kva.de' });
    expect(parseArgs(['example.com', '--ip', '2001:DB8::1'])).toMatchObject({ ip: '2001:db8::1' });
  });

  it('refuses bad arguments with exit status 2', async () => {
    for (const args of [
      [],
      ['a.com', 'b.com'],
      ['not a domain'],
      ['a.com', '--ip', '1.2.3'],
      ['a.com', '--selector', 'bad selector'],
      ['a.com', '--bogus'],
      ['a.com', '--timeout', '5'],
    ]) {
      const r = await cli(args, 'good');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^check: .+\n\nusage:/);
    }
  });

  it('formats evidence of an empty answer as the resolver note', () => {
    const text = formatReport({
      domain: 'x.com',
      resolver: 'r',
      checkedAt: 't',
      queries: 1,
      checks: [
        {
          id: 'mx',
          title: 'MX',
          status: 'error',
          summary: 's',
          findings: [],
          evidence: [{ name: 'x.com', type: 'MX', records: [], note: 'the query timed out' }],
          why: '',
          codes: [],
          fix: [],
          references: [],
        },
      ],
    });
    expect(text).toMatch(/MX x.com:\n {8}\(the query timed out\)/);
    expect(text).toMatch(/0 failed, 0 warnings, 0 passed, 1 could not be checked\./);
  });

  it('runs as a program: --help and bad input need no DNS', () => {
    const help = spawnSync(process.execPath, ['bin/check.ts', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run -s check -- <domain>/);
    const bad = spawnSync(process.execPath, ['bin/check.ts', 'exa mple.com'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cannot contain spaces/);
  }, 60_000); // two Node start-ups on a shared machine
});
