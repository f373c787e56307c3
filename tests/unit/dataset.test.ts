import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, loadDataset, validateDataset } from '../../src/lib/dataset';

const record = (fields: Record<string, string> = {}) => {
  const base: Record<string, string> = {
    code: '"5.1.1"',
    title: 'Bad destination mailbox address',
    bounceType: 'hard',
    summary: 'The mailbox named left of the @ does not exist.',
    meaning: 'The receiving server does not know this user.',
    causes: '["The address was mistyped when it was collected."]',
    fixes: '["Suppress the address and stop sending to it."]',
    references: '[{ rfc: 3463, section: "3.2" }]',
    ...fields,
  };
  return Object.entries(base)
    .filter(([, v]) => v !== '')
    .map(([k, v], i) => `${i === 0 ? '- ' : '  '}${k}: ${v}`)
    .join('\n');
};

function problemsOf(files: { path: string; text: string }[]): string[] {
  try {
    validateDataset(files);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as DataError).problems;
  }
  throw new Error('expected the dataset to be rejected');
}

const file = (text: string, path = 'data/codes/x.yaml') => ({ path, text });

describe('validateDataset', () => {
  it('loads a good dataset, sorted by code', () => {
    const codes = loadDataset('tests/fixtures/data/good');
    expect(codes.map((c) => c.code)).toEqual(['550', '5.1.1', '5.2.2']);
    expect(codes[0].source).toBe('tests/fixtures/data/good/codes.yaml');
  });

  it('names file and line for a YAML syntax error', () => {
    const [p] = problemsOf([file('- code: "550"\n  title: [unclosed\n')]);
    expect(p).toMatch(/^data\/codes\/x\.yaml: YAML syntax error: .*line 3/);
  });

  it('rejects a file that is not a list of records', () => {
    expect(problemsOf([file('code: "550"\n')])[0]).toMatch(/^data\/codes\/x\.yaml: expected a non-empty YAML list/);
    expect(problemsOf([file('[]\n')])[0]).toMatch(/holds no records/);
  });

  it('rejects an empty dataset', () => {
    expect(problemsOf([])).toEqual(['no data files found (expected data/codes/*.yaml)']);
  });

  it('names file, record and field for an unknown field', () => {
    expect(problemsOf([file(record({ severity: 'high' }))])).toEqual([
      expect.stringMatching(/^data\/codes\/x\.yaml: record 1 \(code "5\.1\.1"\): record: Unrecognized key: "severity"/),
    ]);
  });

  it('names a missing required field', () => {
    expect(problemsOf([file(record({ summary: '' }))])).toEqual([
      expect.stringMatching(/^data\/codes\/x\.yaml: record 1 \(code "5\.1\.1"\): field "summary": /),
    ]);
  });

  it.each([
    ['5.10', /field "code": must be a quoted string: YAML read it as the number 5\.1/],
    ['"5.1"', /field "code": "5\.1" is not a reply code/],
    ['"55"', /field "code": "55" is not a reply code/],
  ])('rejects the malformed code %s', (code, message) => {
    expect(problemsOf([file(record({ code }))]).join('\n')).toMatch(message);
  });

  it('rejects a duplicate code across files', () => {
    const problems = problemsOf([file(record(), 'data/codes/a.yaml'), file(record(), 'data/codes/b.yaml')]);
    expect(problems).toEqual(['data/codes/b.yaml: code "5.1.1" is duplicated (first defined in data/codes/a.yaml)']);
  });

  it('rejects a bounce type that contradicts the class digit', () => {
    expect(problemsOf([file(record({ bounceType: 'soft' }))])).toEqual([
      expect.stringMatching(/record 1 \(code "5\.1\.1"\): field "bounceType": "soft" contradicts class 5/),
    ]);
  });

  it('rejects a related code that does not exist', () => {
    expect(problemsOf([file(record({ related: '["5.9.9"]' }))])).toEqual([
      'data/codes/x.yaml: code "5.1.1": field "related": "5.9.9" is not a documented code',
    ]);
  });

  it('reports every problem at once, not only the first', () => {
    const text = `${record({ summary: '' })}\n${record({ code: '"4.2.2"', bounceType: 'hard' })}`;
    expect(problemsOf([file(text)])).toHaveLength(2);
  });
});

describe('loadDataset', () => {
  it('fails on a missing directory', () => {
    expect(() => loadDataset('tests/fixtures/data/does-not-exist')).toThrow(/cannot read data directory/);
  });
  it('fails on a directory without YAML files', () => {
    expect(() => loadDataset(mkdtempSync(join(tmpdir(), 'codes-')))).toThrow(/no data files found/);
  });
  it('fails on an empty file and names it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codes-'));
    writeFileSync(join(dir, 'empty.yaml'), '\n');
    expect(() => loadDataset(dir, dir)).toThrow(/empty\.yaml: file is empty/);
  });
});
