import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { analyze, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';

// The labelled corpus of real-world bounces (tests/fixtures/bounces/*-manifest.yaml): each fixture
// names its public source and the failures a careful reader finds in it.
interface Expected {
  reply: string | null;
  enhanced: string | null;
  verdict: string;
  provider: string | null;
  recipient?: string;
}
interface Entry {
  file: string;
  source: string;
  shape: string;
  expect: Expected[];
}

const dir = 'tests/fixtures/bounces';
const entries: Entry[] = readdirSync(dir)
  .filter((f) => f.endsWith('-manifest.yaml'))
  .flatMap((f) => parse(readFileSync(`${dir}/${f}`, 'utf8')) as Entry[]);
const providers = loadProviders('data/providers');
const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), providers));

function check(e: Entry): string[] {
  const { findings } = analyze(readFileSync(`${dir}/${e.file}`, 'utf8'), k);
  const problems: string[] = [];
  if (findings.length !== e.expect.length) problems.push(`${findings.length} findings, expected ${e.expect.length}`);
  e.expect.forEach((x, i) => {
    const f = findings[i];
    if (!f) return;
    const got = {
      reply: f.replyCode ?? null,
      enhanced: f.enhancedCode ?? null,
      verdict: f.verdict,
      provider: f.variant?.provider ?? null,
    };
    for (const key of ['reply', 'enhanced', 'verdict', 'provider'] as const) {
      if (got[key] !== x[key]) problems.push(`#${i + 1} ${key}: got ${got[key]}, expected ${x[key]}`);
    }
  });
  return problems;
}

describe('the labelled bounce corpus', () => {
  it('has at least 120 fixtures, each with a source and a file', () => {
    expect(entries.length).toBeGreaterThanOrEqual(120);
    for (const e of entries) {
      expect(e.source, e.file).toMatch(/\S{5,}/);
      expect(existsSync(`${dir}/${e.file}`), e.file).toBe(true);
    }
  });

  it('covers every provider, multi-recipient DSNs, NDRs, MTA bodies, code-less text and non-bounces', () => {
    const expectedProviders = new Set(entries.flatMap((e) => e.expect.map((x) => x.provider)));
    for (const p of providers) expect(expectedProviders.has(p.id), p.id).toBe(true);
    const shapes = new Set(entries.map((e) => e.shape));
    for (const s of ['dsn', 'ndr', 'mta-body', 'reply', 'multiline-reply', 'log-line', 'codeless', 'not-bounce'])
      expect(shapes.has(s), s).toBe(true);
    expect(entries.filter((e) => e.shape === 'dsn' && e.expect.length > 1).length).toBeGreaterThanOrEqual(3);
  });

  it('is analysed correctly at 95% or better', () => {
    const failures = entries.map((e) => ({ file: e.file, problems: check(e) })).filter((r) => r.problems.length > 0);
    const accuracy = (entries.length - failures.length) / entries.length;
    console.log(
      `corpus accuracy: ${(accuracy * 100).toFixed(1)}% (${entries.length - failures.length}/${entries.length})`,
    );
    for (const f of failures) console.log(`  ${f.file}: ${f.problems.join('; ')}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
