// Analyzer throughput (npm run bench): lines per second through the command-line entry over a
// large generated mail log, pinned to one core where taskset exists, and the in-process time
// for a 1 MB input. Prints figures only; the tests check behaviour.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, buildKnowledge, prepareKnowledge } from '../src/lib/analyzer.ts';
import { loadDataset } from '../src/lib/dataset.ts';
import { loadProviders } from '../src/lib/providers.ts';

const root = new URL('..', import.meta.url).pathname;
const LINES = 300_000;
// Shapes a real Postfix/Exim/Sendmail log has: bounces, deferrals, code-less failures, successes.
const shapes = [
  (i: number) =>
    `Nov 27 10:00:${String(i % 60).padStart(2, '0')} mx postfix/smtp[${i}]: Q${i}: to=<user${i}@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <user${i}@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))`,
  (i: number) =>
    `Nov 27 10:00:01 mx postfix/smtp[${i}]: Q${i}: to=<user${i}@example.org>, relay=none, delay=30, dsn=4.4.1, status=deferred (connect to mx.example.org[192.0.2.2]:25: Connection timed out)`,
  (i: number) =>
    `Nov 27 10:00:02 mx postfix/smtp[${i}]: Q${i}: to=<user${i}@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.3]:25, dsn=4.7.28, status=deferred (host gmail-smtp-in.l.google.com[192.0.2.3] said: 421-4.7.28 Gmail has detected an unusual rate of mail originating from your IP address. To protect our users from spam, mail has been temporarily rate limited. (in reply to end of DATA command))`,
  (i: number) =>
    `Nov 27 10:00:03 mx postfix/smtp[${i}]: Q${i}: to=<user${i}@example.net>, relay=mx.example.net[192.0.2.4]:25, delay=0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${i})`,
  (i: number) =>
    `2026-11-27 10:00:04 1a${i}-000 ** user${i}@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.5]: SMTP error from remote mail server after RCPT TO:<user${i}@example.com>: 554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org`,
  (i: number) =>
    `Nov 27 10:00:05 mx sm-mta[${i}]: Q${i}: to=<user${i}@example.com>, delay=00:00:01, mailer=esmtp, dsn=5.1.1, stat=User unknown`,
];
const log = Array.from({ length: LINES }, (_, i) => shapes[i % shapes.length](i)).join('\n');
const file = join(mkdtempSync(join(tmpdir(), 'bounce-bench-')), 'mail.log');
writeFileSync(file, log);

const pin = spawnSync('sh', ['-c', 'command -v taskset']).status === 0 ? ['taskset', '-c', '0'] : [];
const t0 = performance.now();
const r = spawnSync(
  pin[0] ?? process.execPath,
  [...pin.slice(1), ...(pin.length ? [process.execPath] : []), join(root, 'bin/analyze.ts'), file, '--compact'],
  { maxBuffer: 1 << 30 },
);
const seconds = (performance.now() - t0) / 1000;
if (r.status !== 0) throw new Error(`analyze failed: ${r.stderr}`);
const found = JSON.parse(r.stdout.toString()).findings.length;

const k = prepareKnowledge(
  buildKnowledge(loadDataset(join(root, 'data/codes'), root), loadProviders(join(root, 'data/providers'), root)),
);
const oneMb = log.slice(0, 1_048_576);
const times: number[] = [];
for (let i = 0; i < 7; i++) {
  const s = performance.now();
  analyze(oneMb, k);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);

const rows: [string, string][] = [
  [
    'CLI over a generated mail log',
    `${LINES.toLocaleString('en')} lines (${(log.length / 1048576).toFixed(1)} MB), ${found.toLocaleString('en')} findings`,
  ],
  ['CLI wall time, start-up included' + (pin.length ? ' (one core, taskset)' : ''), `${seconds.toFixed(2)} s`],
  ['CLI throughput', `${Math.round(LINES / seconds).toLocaleString('en')} lines/s (target 50,000)`],
  ['analyze() on 1 MB of log, in process, median of 7', `${times[3].toFixed(1)} ms (target 100 ms)`],
];
const width = Math.max(...rows.map(([a]) => a.length));
for (const [a, b] of rows) console.log(`${a.padEnd(width)}  ${b}`);
