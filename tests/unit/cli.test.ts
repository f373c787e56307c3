// The command-line analyzer, run as a user runs it: a separate process, its output, exit code and
// standard error. Each defect found by probing the old CLI has a case here.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], input?: string | Buffer, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/analyze.mjs', ...args], {
    input,
    env: { ...process.env, ...env },
    maxBuffer: 1 << 28,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
  return p;
};
type Result = {
  file: string;
  findings: { line: number; recipient?: string; enhancedCode?: string; text: string }[];
  read: { lines: number; findings: number; mode: string; pieces: number; longLinesCut: number };
};
const stamp = (i: number) =>
  `Nov 27 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
const coded = (i: number) =>
  `${stamp(i)} mx postfix/smtp[${i}]: Q${i}: to=<u${i}@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com said: 550 5.1.1 <u${i}@example.com>: User unknown (in reply to RCPT TO command))`;
const codeless = (i: number) => `${stamp(i)} mx exim[${i}]: 1a${i}-000 ** u${i}@example.org: retry timeout exceeded`;
const sent = (i: number) =>
  `${stamp(i)} mx postfix/smtp[${i}]: Q${i}: to=<ok${i}@example.net>, relay=mx.example.net[192.0.2.4]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok)`;

describe('command line: input', { timeout: 120_000 }, () => {
  it('analyses one file and prints JSON with what it read', () => {
    const r = cli([file('one.txt', '550 5.1.1 <a@example.com>: Recipient address rejected: User unknown\n')]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Result;
    expect(out.findings.map((f) => [f.recipient, f.enhancedCode])).toEqual([['a@example.com', '5.1.1']]);
    expect(out.read).toMatchObject({ lines: 1, findings: 1, mode: 'whole' });
  });

  it('starts from an empty cache: bundles itself and prepares its knowledge, then reuses both', () => {
    const env = { ANALYZE_CACHE_DIR: join(dir, 'empty-cache') };
    const first = cli([], '550 5.1.1 User unknown\n', env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as Result).findings[0].enhancedCode).toBe('5.1.1');
    const cached = readdirSync(env.ANALYZE_CACHE_DIR).sort();
    expect(cached).toEqual([expect.stringMatching(/^cli-/), expect.stringMatching(/^knowledge-.*\.json$/)]);
    // The bundle is plain ASCII, which Node reads as one-byte text (a single "…" in a kept comment
    // made it decode and parse the whole file as two-byte text).
    const bundleDir = join(env.ANALYZE_CACHE_DIR, cached[0]);
    for (const f of readdirSync(bundleDir).filter((n) => n.endsWith('.mjs')))
      expect(
        readFileSync(join(bundleDir, f)).some((byte) => byte > 0x7f),
        f,
      ).toBe(false);
    expect(cli([], '550 5.1.1 User unknown\n', env).stdout).toBe(first.stdout);
    expect(readdirSync(env.ANALYZE_CACHE_DIR).sort()).toEqual(cached);
  });

  it('--prepare (run by npm run build) makes the bundle and the knowledge now, so the first real run only reads them', () => {
    const env = { ANALYZE_CACHE_DIR: join(dir, 'prepared-cache') };
    const ready = cli(['--prepare'], undefined, env);
    expect([ready.code, ready.stdout, ready.stderr]).toEqual([0, '', 'analyze: ready (knowledge prepared)\n']);
    const made = readdirSync(env.ANALYZE_CACHE_DIR).sort();
    expect(made).toEqual([expect.stringMatching(/^cli-/), expect.stringMatching(/^knowledge-.*\.json$/)]);
    expect(cli(['--prepare'], undefined, env).stderr).toBe('analyze: ready (knowledge already prepared)\n');
    expect((JSON.parse(cli([], '550 5.1.1 User unknown\n', env).stdout) as Result).findings).toHaveLength(1);
    expect(readdirSync(env.ANALYZE_CACHE_DIR).sort()).toEqual(made);
    const misuse = cli(['--prepare', 'x.eml'], undefined, env);
    expect([misuse.code, misuse.stderr]).toEqual([2, 'analyze: --prepare reads no input: give it alone\n']);
  });

  it('reads standard input when no file is given', () => {
    const r = cli([], '421 4.7.0 Try again later\n');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Result).findings[0].enhancedCode).toBe('4.7.0');
  });

  it('walks directories with --ndjson: one line per file, in name order', () => {
    file('batch/b.eml', '550 5.1.1 <b@example.com>: User unknown\n');
    file('batch/a.eml', '552 5.2.2 <a@example.com>: Mailbox full\n');
    file('batch/sub/c.log', `${coded(1)}\n${coded(2)}\n`);
    file('batch/.hidden', '550 5.1.1 hidden');
    const r = cli(['--ndjson', join(dir, 'batch')]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Result);
    expect(lines.map((l) => l.file.slice(dir.length + 1))).toEqual(['batch/a.eml', 'batch/b.eml', 'batch/sub/c.log']);
    expect(lines.map((l) => l.findings.length)).toEqual([1, 1, 2]);
  });

  it('reads bytes: text that is not UTF-8 keeps every character (Latin-1)', () => {
    const latin1 = Buffer.from('550 5.1.1 <m@example.de>: Empfänger unbekannt (user unknown)\n', 'latin1');
    const out = JSON.parse(cli([file('latin1.txt', latin1)]).stdout) as Result;
    expect(out.findings[0].text).toContain('Empfänger');
    const utf8 = JSON.parse(
      cli([file('utf8.txt', '550 5.1.1 <m@example.de>: Empfänger unbekannt\n')]).stdout,
    ) as Result;
    expect(utf8.findings[0].text).toContain('Empfänger');
  });

  it("reads an email's 8-bit part by its own charset, as the page and the tests do (GB2312)", () => {
    const email = Buffer.concat([
      Buffer.from(
        'From: MAILER-DAEMON@mail.example.cn\nTo: sender@example.org\nSubject: failure\nMIME-Version: 1.0\n' +
          'Content-Type: text/plain; charset="gb2312"\nContent-Transfer-Encoding: 8bit\n\n',
      ),
      // "邮件无法送达以下地址：" ("the mail could not be delivered to these addresses:") in GB2312.
      Buffer.from('d3cabcfecedeb7a8cbcdb4efd2d4cfc2b5d8d6b7a3ba', 'hex'),
      Buffer.from('\n\n<ann@example.cn>:\n\n<bob@example.cn>:\n'),
    ]);
    const out = JSON.parse(cli([file('gb2312.eml', email)]).stdout) as Result;
    expect(out.findings.map((f) => [f.recipient, f.text])).toEqual([
      ['ann@example.cn', '邮件无法送达以下地址：'],
      ['bob@example.cn', '邮件无法送达以下地址：'],
    ]);
  });

  it('says a spam complaint is one: no findings, and who complained in read.feedback', () => {
    const out = JSON.parse(cli(['tests/fixtures/sisimai/maildir/bsd/arf-01.eml']).stdout) as Result & {
      read: { feedback?: { type: string; recipients: string[] } };
    };
    expect(out.findings).toEqual([]);
    expect(out.read.feedback).toEqual({ type: 'abuse', recipients: ['redacted@example.net'] });
  });
});

describe('command line: logs of any size', { timeout: 180_000 }, () => {
  it('never stops at a cap: 25,000 failures are 25,000 findings, each on its own line number', () => {
    const lines = Array.from({ length: 25_000 }, (_, i) => coded(i + 1));
    const out = JSON.parse(cli([file('many.log', `${lines.join('\n')}\n`)]).stdout) as Result;
    expect(out.read).toMatchObject({ lines: 25_000, findings: 25_000, mode: 'log' });
    expect(out.read.pieces).toBeGreaterThan(1);
    expect(out.findings.length).toBe(25_000);
    expect(out.findings.every((f, i) => f.line === i + 1 && f.recipient === `u${i + 1}@example.com`)).toBe(true);
  });

  it('reports code-less failure lines wherever the pieces were cut, with or without coded lines near them', () => {
    // 6,000 coded lines then 6,000 code-less ones: the second half fills pieces with no coded line.
    const lines = [
      ...Array.from({ length: 6_000 }, (_, i) => (i % 2 ? sent(i + 1) : coded(i + 1))),
      ...Array.from({ length: 6_000 }, (_, i) => codeless(6_001 + i)),
    ];
    const out = JSON.parse(cli([file('mixed.log', lines.join('\n'))]).stdout) as Result;
    const codelessFound = out.findings.filter((f) => f.line > 6_000);
    expect(codelessFound.length).toBe(6_000);
    expect(codelessFound.every((f) => f.enhancedCode === '4.4.7' && f.recipient === `u${f.line}@example.org`)).toBe(
      true,
    );
    // The same lines on their own (no coded line anywhere) give the same findings.
    const alone = JSON.parse(cli([file('codeless.log', lines.slice(6_000).join('\n'))]).stdout) as Result;
    expect(alone.findings.length).toBe(6_000);
  });

  it('keeps a DSN block whole when an input over 4 MB is read in pieces: every recipient kept', () => {
    const block = (i: number) =>
      `Final-Recipient: rfc822; r${i}@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1\n    <r${i}@example.com>: Recipient address rejected: User unknown in local recipient table ${'x'.repeat(120)}\n`;
    const blocks = Array.from({ length: 17_000 }, (_, i) => block(i + 1));
    const text = `Reporting-MTA: dns; mx.example.com\n\n${blocks.join('\n')}`;
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
    const out = JSON.parse(cli([file('big-dsn.eml', text)]).stdout) as Result;
    expect(out.read.mode).toBe('pieces');
    expect(out.read.pieces).toBeGreaterThan(1);
    expect(out.findings.length).toBe(17_000);
    expect(out.findings.every((f, i) => f.recipient === `r${i + 1}@example.com` && f.enhancedCode === '5.1.1')).toBe(
      true,
    );
  });

  it('cuts an endless line instead of holding it, and says so', () => {
    const out = JSON.parse(
      cli([file('long-line.log', `${coded(1)}\n${stamp(2)} ${'y'.repeat(5 << 20)}\n${coded(3)}\n`)]).stdout,
    ) as Result;
    expect(out.read).toMatchObject({ lines: 3, longLinesCut: 1 });
    expect(out.findings.map((f) => f.line)).toEqual([1, 3]);
  });
});

describe('command line: misuse gets one clear line and a non-zero exit', { timeout: 120_000 }, () => {
  const oneLine = (r: ReturnType<typeof cli>) => {
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^analyze: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it('a directory without --ndjson', () => {
    const r = cli([dir]);
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.stderr).toContain('--ndjson');
    expect(r.stdout).toBe('');
  });

  it('a missing file', () => {
    const r = cli([join(dir, 'nope.eml')]);
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.stderr).toContain('no such file');
  });

  it('a missing file in a batch: the others are still analysed', () => {
    const r = cli(['--ndjson', join(dir, 'nope.eml'), file('ok.txt', '550 5.1.1 User unknown\n')]);
    expect(r.code).toBe(1);
    oneLine(r);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('an unknown option, and several files without --ndjson', () => {
    const r = cli(['--frobnicate', 'x']);
    expect(r.code).toBe(2);
    oneLine(r);
    expect(r.stderr).toContain('--frobnicate');
    const two = cli([file('x1.txt', '550'), file('x2.txt', '550')]);
    expect(two.code).toBe(2);
    oneLine(two);
  });

  it('a reader that goes away (| head -1): stops early, no stack trace', () => {
    const log = file('head.log', Array.from({ length: 30_000 }, (_, i) => coded(i)).join('\n'));
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" bin/analyze.mjs "${log}" | head -1 >/dev/null; echo "status=$?"`],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(r.stdout.trim()).toBe('status=141');
    oneLine({ code: null, stdout: '', stderr: r.stderr });
  });

  it('a reader that goes away between two files of a batch (--ndjson DIR | head -1): the same clear line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-'));
    // Enough files that the pipe closes while more are left to write; files without findings, so
    // the write that meets the closed pipe is often a file's opening one (it used to escape as an
    // empty "analyze:  (ANALYZE_DEBUG=1 …)" line).
    for (let i = 0; i < 400; i++) writeFileSync(join(dir, `b${String(i).padStart(3, '0')}.txt`), 'hello');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" bin/analyze.mjs --ndjson "${dir}" | head -1 >/dev/null; echo "status=$?"`,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.stdout.trim()).toBe('status=141');
    expect(r.stderr.trim()).toBe('analyze: the output was closed before the end; stopped');
  });
});
