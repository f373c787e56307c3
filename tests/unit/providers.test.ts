import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/lib/dataset';
import { loadProviders, validateProviders, variantsByPage } from '../../src/lib/providers';
import { variantHome } from '../../src/lib/variants';
import { toolLabels, loadTools } from '../../src/lib/tools';

const good = loadProviders('tests/fixtures/data/providers');
const yamlOf = (variant: string) =>
  `id: x\nname: Test X\nkind: mta\nabout: A test provider with one variant.\nvariants:\n${variant}`;
const variant = (over: Record<string, string> = {}) => {
  const v: Record<string, string> = {
    id: 'x-550-user',
    reply: '"550"',
    enhanced: '"5.1.1"',
    text: '"User unknown here"',
    pattern: '"user unknown here"',
    examples: '["550 5.1.1 User unknown here"]',
    meaning: 'The mailbox does not exist.',
    verdict: 'suppress',
    source: '{ title: "A real source", url: "https://example.org/doc" }',
    verified: '"2026-11-27"',
    ...over,
  };
  return Object.entries(v)
    .filter(([, x]) => x !== '')
    .map(([k, x], i) => `  ${i ? ' ' : '-'} ${k}: ${x}`)
    .join('\n');
};
function problemsOf(text: string, path = 'data/providers/x.yaml'): string[] {
  try {
    validateProviders([{ path, text }]);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as DataError).problems;
  }
  throw new Error('expected a rejection');
}

describe('providers', () => {
  it('loads a valid provider', () => {
    expect(good.map((p) => p.id)).toEqual(['examplemail']);
    expect(validateProviders([{ path: 'data/providers/x.yaml', text: yamlOf(variant()) }])).toHaveLength(1);
  });

  it('names file, variant and field', () => {
    expect(problemsOf(yamlOf(variant({ verdict: 'drop' })))).toEqual([
      expect.stringMatching(/^data\/providers\/x\.yaml: variant 1 \(x-550-user\): field "verdict": /),
    ]);
    expect(problemsOf(yamlOf(variant({ source: '' })))[0]).toMatch(/variant 1 \(x-550-user\): field "source"/);
    expect(problemsOf(yamlOf(variant({ verified: '"last week"' })))[0]).toMatch(/field "verified"/);
  });

  it('rejects a pattern that does not compile or does not match its examples', () => {
    expect(problemsOf(yamlOf(variant({ pattern: '"user (unknown"' })))[0]).toMatch(
      /field "pattern": not a valid regular expression/,
    );
    expect(problemsOf(yamlOf(variant({ pattern: '"no such user"' })))[0]).toMatch(
      /field "examples\.0": pattern no such user does not match/,
    );
  });

  it('gives the fix for an http link, an unquoted code and a misspelt field', () => {
    expect(
      problemsOf(yamlOf(variant({ source: '{ title: "A real source", url: "http://example.org/doc" }' }))),
    ).toEqual([
      'data/providers/x.yaml: variant 1 (x-550-user): field "source.url": must use https:// (write "https://example.org/doc" if the site serves it)',
    ]);
    expect(problemsOf(yamlOf(variant({ reply: '550' })))).toEqual([
      'data/providers/x.yaml: variant 1 (x-550-user): field "reply": write it in quotes, "550": unquoted, YAML reads 550 as the number 550',
    ]);
    expect(problemsOf(yamlOf(variant({ verdcit: 'suppress' })))).toEqual([
      'data/providers/x.yaml: variant 1 (x-550-user): field "verdcit": not a known field (check its spelling and indentation)',
    ]);
  });

  it('reports a YAML syntax error once, at its line', () => {
    expect(
      problemsOf(`${yamlOf(variant({ text: '[unclosed' }))}
  - id: [also bad
`),
    ).toEqual([
      expect.stringMatching(
        /^data\/providers\/x\.yaml: YAML syntax error: .* at line \d+, column \d+ \(\d+ more errors? in this file may follow from it\)$/,
      ),
    ]);
  });

  it(
    'rejects a pattern that could backtrack for ever (ReDoS), naming file, variant and field',
    { timeout: 60_000 },
    () => {
      // Issue 7: this pattern passed the build, then took 8 s on a 30-character line.
      const slow = problemsOf(
        yamlOf(variant({ pattern: "'(?:\\w+\\s?)+ relay not permitted'", examples: '["550 Relay not permitted"]' })),
      );
      expect(slow).toEqual([
        expect.stringMatching(
          /^data\/providers\/x\.yaml: variant 1 \(x-550-user\): field "pattern": pattern .* can take (?:exponential|polynomial)/,
        ),
      ]);
      expect(problemsOf(yamlOf(variant({ pattern: "'(a|a)*b user unknown here'" })))[0]).toMatch(
        /field "pattern": .*time/,
      );
      // Ordinary patterns pass: alternatives, optional words, bounded gaps.
      expect(
        validateProviders([
          {
            path: 'data/providers/x.yaml',
            text: yamlOf(variant({ pattern: "'user (?:unknown|not found)(?: here)?.{0,40}'" })),
          },
        ]),
      ).toHaveLength(1);
    },
  );

  it('needs a reply or an enhanced code', () => {
    expect(problemsOf(yamlOf(variant({ reply: '', enhanced: '' })))[0]).toMatch(/give reply and\/or enhanced/);
  });

  it('requires the id to match the file name and variant ids to be unique', () => {
    expect(problemsOf(yamlOf(variant()), 'data/providers/other.yaml')).toEqual([
      'data/providers/other.yaml: field "id": "x" must match the file name "other"',
    ]);
    const twice = yamlOf(`${variant()}\n${variant()}`);
    expect(problemsOf(twice)).toEqual(['provider x: variant id "x-550-user" is also used by x']);
  });

  it('fails on a missing or empty directory', () => {
    expect(() => loadProviders('tests/fixtures/data/nope')).toThrow(/cannot read provider directory/);
    expect(() => loadProviders(mkdtempSync(join(tmpdir(), 'providers-')))).toThrow(/no provider files/);
  });

  it('places a variant on its enhanced code page, else its reply code page', () => {
    const v = good[0].variants[0];
    expect(variantHome(v, new Set(['5.1.1', '550']))).toBe('5.1.1');
    expect(variantHome(v, new Set(['550']))).toBe('550');
    expect(variantHome(v, new Set())).toBeUndefined();
    expect([...variantsByPage(good, new Set(['550'])).keys()]).toEqual(['550']);
  });
});

describe('tool labels', () => {
  const tools = loadTools('data/tools');
  it('gives sisimai labels with their hard/soft rule', () => {
    expect(toolLabels('5.1.1', tools).map((t) => [t.label.label, t.label.type])).toEqual([['userunknown', 'hard']]);
    expect(toolLabels('5.2.2', tools).map((t) => t.label.label)).toEqual(['mailboxfull']);
    expect(toolLabels('556', tools).map((t) => t.label.type)).toEqual(['depends']);
  });
  it('expands a subject wildcard to its codes only', () => {
    expect(toolLabels('5.6.1', tools).map((t) => t.label.label)).toEqual(['contenterror']);
    expect(toolLabels('5.6', tools)).toEqual([]);
    expect(toolLabels('550', tools)).toEqual([]);
  });
});
