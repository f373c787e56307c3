// The analyzer on sisimai's public suite (node bench/sisimai.ts): CPU time per email through the
// whole pipeline (MIME, readers, classification), before and after warm-up, and the time for a
// 1 MB pasted bounce. Prints figures only; tests/unit/sisimai.test.ts checks the results.
import { readdirSync, readFileSync } from 'node:fs';
import { analyze, analyzeEmail, buildKnowledge, prepareKnowledge } from '../src/lib/analyzer.ts';
import { loadDataset } from '../src/lib/dataset.ts';
import { loadProviders } from '../src/lib/providers.ts';
import { loadReasons } from '../src/lib/reasons.ts';

const dir = new URL('../tests/fixtures/sisimai/maildir/bsd/', import.meta.url).pathname;
const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), loadReasons()));
const emails = readdirSync(dir)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => new Uint8Array(readFileSync(dir + f)));

async function pass(): Promise<number> {
  const cpu0 = process.cpuUsage();
  for (const e of emails) await analyzeEmail(e, k);
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / emails.length;
}

const cold = await pass();
const runs = [await pass(), await pass(), await pass()].sort((a, b) => a - b);
console.log(`sisimai suite: ${emails.length} emails`);
console.log(`  CPU per email, first pass: ${cold.toFixed(3)} ms; warm (median of 3): ${runs[1].toFixed(3)} ms`);

// 1 MB pasted: (a) a bounce whose returned original carries a 1 MB attachment, (b) 1 MB of a
// quoted transcript where every line is a failure (13,000 findings: the worst case).
const big = Buffer.alloc(760_000, 'bounce').toString('base64').replace(/.{76}/g, '$&\n');
const bounce = [
  'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
  'To: sender@example.org',
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
  '',
  '--B',
  'Content-Type: text/plain',
  '',
  '<someone@example.com>: host mx.example.com said: 550 5.1.1 User unknown (in reply to RCPT TO command)',
  '--B',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.example.net',
  '',
  'Final-Recipient: rfc822; someone@example.com',
  'Action: failed',
  'Status: 5.1.1',
  'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
  '--B',
  'Content-Type: message/rfc822',
  '',
  'From: sender@example.org',
  'To: someone@example.com',
  'Content-Type: multipart/mixed; boundary="C"',
  '',
  '--C',
  'Content-Type: application/pdf',
  'Content-Transfer-Encoding: base64',
  '',
  big,
  '--C--',
  '--B--',
].join('\n');
let transcript = new TextDecoder().decode(emails[0]);
while (transcript.length < 1_048_576)
  transcript += `\n<<< 550 5.1.1 <u${transcript.length}@example.com>: Recipient address rejected: User unknown`;

async function median(fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[2];
}
console.log(
  `  ${(bounce.length / 1e6).toFixed(2)} MB bounce with its original (analyzeEmail): median ${(await median(() => analyzeEmail(bounce, k))).toFixed(0)} ms`,
);
console.log(`  same, read as plain text (analyze): median ${(await median(() => analyze(bounce, k))).toFixed(0)} ms`);
console.log(
  `  1 MB transcript, every line a failure (analyze): median ${(await median(() => analyze(transcript, k))).toFixed(0)} ms`,
);
