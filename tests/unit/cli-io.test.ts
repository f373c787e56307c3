// The command line reads a regular file in plain 1 MB reads and writes each piece's findings
// through one growing buffer (both for speed): the output must be exactly what the same bytes give
// on standard input, across chunk boundaries, multi-byte characters and findings far longer than
// the buffer's first guess.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'analyze-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], input?: Buffer) =>
  spawnSync(process.execPath, ['bin/analyze.mjs', ...args], { input, maxBuffer: 1 << 29, timeout: 120_000 });

const stamp = (i: number) =>
  `Nov 27 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
const line = (i: number) =>
  `${stamp(i)} mx postfix/smtp[${i}]: Q${i}: to=<ü${i}@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com said: 550 5.1.1 <u${i}@example.com>: Usér unknown — 受信者不明 ${'ß'.repeat(i % 97 === 0 ? 3000 : 400)} (in reply to RCPT TO command))`;

describe('command line: reading files and writing findings', { timeout: 180_000 }, () => {
  it('gives a file exactly what the same bytes give on standard input', () => {
    const bytes = Buffer.from(`${Array.from({ length: 6_000 }, (_, i) => line(i)).join('\n')}\n`);
    expect(bytes.length).toBeGreaterThan(5 << 20); // past the 4 MB read-whole limit and several 1 MB reads
    // A multi-byte character sits across a 1 MB read boundary.
    expect([1, 2, 3, 4, 5].some((mb) => (bytes[mb << 20] & 0xc0) === 0x80)).toBe(true);
    const file = join(dir, 'mail.log');
    writeFileSync(file, bytes);
    const fromFile = cli([file]);
    const fromStdin = cli([], bytes);
    expect(fromFile.status).toBe(0);
    const out = fromFile.stdout.toString();
    expect(out).toBe(fromStdin.stdout.toString().replace('"file":"-"', `"file":${JSON.stringify(file)}`));
    const parsed = JSON.parse(out) as { findings: { text: string; line: number }[]; read: { findings: number } };
    expect(parsed.read.findings).toBe(6_000);
    const long = parsed.findings.find((f) => f.line === 98)!; // line(97): a 6 KB finding, longer than the first guess
    expect(long.text).toContain('ß'.repeat(1000)); // each 2 bytes in UTF-8: a JSON text of several KB
    expect(readFileSync(file).equals(bytes)).toBe(true);

    // Written to a file (plain synchronous writes, not the stdout stream), the same bytes again.
    const outFile = join(dir, 'out.json');
    const fd = openSync(outFile, 'w');
    try {
      expect(spawnSync(process.execPath, ['bin/analyze.mjs', file], { stdio: ['ignore', fd, 'pipe'] }).status).toBe(0);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(outFile, 'utf8')).toBe(out);
  });

  it.runIf(existsSync('/dev/full'))('says so when the output cannot be written (a full disk)', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, ['bin/analyze.mjs', '-'], {
        input: '550 5.1.1 User unknown\n',
        stdio: ['pipe', fd, 'pipe'],
      });
      expect(r.status).toBe(1);
      expect(r.stderr.toString()).toMatch(/^analyze: ENOSPC: no space left on device/);
    } finally {
      closeSync(fd);
    }
  });

  it('streams a large log in bounded memory: 40 MB of failures stay under 256 MB of RSS', () => {
    // Each line a failure, so each is a finding: an analyzer or writer that kept them would need
    // several times the input (the CLI once took 2.2 GB for 200 MB).
    const file = join(dir, 'big.log');
    const block = `${Array.from({ length: 1000 }, (_, i) => line(i).replace(/ß+/, 'x')).join('\n')}\n`;
    writeFileSync(file, block.repeat(Math.ceil((40 << 20) / Buffer.byteLength(block))));
    const hook = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS))`;
    const r = spawnSync(process.execPath, ['--import', hook, 'bin/analyze.mjs', file], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 170_000,
    });
    expect(r.status).toBe(0);
    const rssMb = Number(/maxrss=(\d+)/.exec(r.stderr.toString())?.[1]) / 1024;
    expect(rssMb).toBeGreaterThan(20);
    expect(rssMb).toBeLessThan(256);
  });
});
