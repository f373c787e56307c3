import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, loadDataset, validateDataset } from '../../src/lib/dataset';

const record = (fields: Record<string, string> = {}) => {
  const base: Record<string, string> = {
    code: '"551"',
    title: 'User not local; please try forward-path',
    bounceType: 'hard',
    summary: 'The mailbox is not hosted here and the server will not forward.',
    meaning: 'The receiving server does not know this user.',
    causes: '["The address was mistyped when it was collected."]',
    fixes: '{ sender: ["Suppress the address and stop sending to it."] }',
    references: '[{ rfc: 5321, section: "3.4" }]',
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
    expect(codes.map((c) => c.code)).toEqual(['550', '4.2.2', '5.1.1', '5.2.2']);
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
      'data/codes/x.yaml: record 1 (code "551"): field "severity": not a known field (check its spelling and indentation)',
    ]);
  });

  it('names a missing required field', () => {
    expect(problemsOf([file(record({ summary: '' }))])).toEqual([
      expect.stringMatching(/^data\/codes\/x\.yaml: record 1 \(code "551"\): field "summary": /),
    ]);
  });

  it.each([
    [
      '5.10',
      /record 1 \(code 5\.10\): field "code": write it in quotes, "5\.10": unquoted, YAML reads 5\.10 as the number 5\.1$/,
    ],
    [
      '550',
      /record 1 \(code 550\): field "code": write it in quotes, "550": unquoted, YAML reads 550 as the number 550$/,
    ],
    ['"5.1"', /field "code": "5\.1" is not a reply code/],
    ['"55"', /field "code": "55" is not a reply code/],
    ['"5.5.1"', /field "code": a reply code has three digits/],
  ])('rejects the malformed code %s', (code, message) => {
    expect(problemsOf([file(record({ code }))]).join('\n')).toMatch(message);
  });

  it('rejects a duplicate code across files', () => {
    const problems = problemsOf([file(record(), 'data/codes/a.yaml'), file(record(), 'data/codes/b.yaml')]);
    expect(problems).toEqual(['data/codes/b.yaml: code "551" is duplicated (first defined in data/codes/a.yaml)']);
  });

  it('rejects a bounce type that contradicts the class digit', () => {
    expect(problemsOf([file(record({ bounceType: 'soft' }))])).toEqual([
      expect.stringMatching(/record 1 \(code "551"\): field "bounceType": "soft" contradicts class 5/),
    ]);
  });

  it('rejects a related code that does not exist', () => {
    expect(problemsOf([file(record({ related: '["5.9.9"]' }))])).toEqual([
      'data/codes/x.yaml: code "551": field "related": "5.9.9" is not a documented code',
    ]);
  });

  it('turns an enhanced record into one page per class, with the shared text and the twin linked', () => {
    const pages = loadDataset('tests/fixtures/data/good');
    const [p4, p5] = ['4.2.2', '5.2.2'].map((c) => pages.find((p) => p.code === c)!);
    expect(p4.recordCode).toBe('X.2.2');
    expect(p4.meaning).toEqual(['The recipient has to make room.']);
    expect(p5.meaning).toEqual([
      'The recipient has to make room.',
      'Some providers send the class-5 form only when the mailbox has been full for a long time.',
    ]);
    expect(p4.summary).not.toBe(p5.summary);
    expect(p4.otherClasses).toEqual(['5.2.2']);
    expect(p5.otherClasses).toEqual(['4.2.2']);
    // A shared related list may name the twin; neither page lists itself or its twin as "related".
    expect(p5.related).toEqual(['550']);
    expect(pages.find((p) => p.code === '550')!.meaning).toEqual([
      'A permanent refusal.',
      'Read the enhanced code next to it.',
    ]);
  });

  it('names the class of an enhanced record in the field path', () => {
    const text = `- code: "X.1.1"\n  title: Bad destination mailbox address\n  basicCodes: "550"\n  meaning: The receiving server does not know this user.\n  causes: ["The address was mistyped somewhere."]\n  fixes: { sender: ["Suppress the address for good."] }\n  references: [{ rfc: 3463 }]\n  classes:\n    "4": { summary: "The user is not known here at all.", bounceType: hard, verdict: suppress }`;
    expect(problemsOf([file(text)])).toEqual([
      expect.stringMatching(/record 1 \(code "X\.1\.1"\): field "classes\.4\.bounceType": "hard" contradicts class 4/),
    ]);
  });

  it('reports every problem at once, not only the first', () => {
    const text = `${record({ summary: '' })}\n${record({ code: '"452"', bounceType: 'hard' })}`;
    expect(problemsOf([file(text)])).toHaveLength(2);
  });
});

// The real dataset with one mistake: one problem, naming file, record and field, with the right
// fix. Before, a record that failed took every page that links to it down with it (171 errors).
describe('one bad record gives one error', () => {
  const dir = 'data/codes';
  const real = () =>
    readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .sort()
      .map((n) => ({ path: `${dir}/${n}`, text: readFileSync(join(dir, n), 'utf8') }));
  /** The real files, with the first match of `find` in the file `name` replaced. */
  const broken = (name: string, find: RegExp, replace: string) => {
    const files = real();
    const f = files.find((x) => x.path.endsWith(name))!;
    expect(f.text).toMatch(find);
    f.text = f.text.replace(find, replace);
    return files;
  };

  it('a YAML syntax error', () => {
    const problems = problemsOf(broken('reply-5xx.yaml', /\n {2}title: /, '\n  title: [unclosed '));
    expect(problems).toEqual([
      expect.stringMatching(/^data\/codes\/reply-5xx\.yaml: YAML syntax error: .* at line \d+, column \d+/),
    ]);
  });

  it('an unknown field', () => {
    const problems = problemsOf(
      broken('reply-5xx.yaml', /\n {2}bounceType: hard\n/, '\n  bounceType: hard\n  severty: high\n'),
    );
    expect(problems).toEqual([
      'data/codes/reply-5xx.yaml: record 1 (code "500"): field "severty": not a known field (check its spelling and indentation)',
    ]);
  });

  it('an unquoted code keeps its spelling in the hint', () => {
    const problems = problemsOf(broken('reply-5xx.yaml', /\n {2}related: \[/, '\n  related: [5.10, '));
    expect(problems).toEqual([
      'data/codes/reply-5xx.yaml: record 1 (code "500"): field "related.0": write it in quotes, "5.10": unquoted, YAML reads 5.10 as the number 5.1',
    ]);
  });

  it('an unquoted record code', () => {
    const problems = problemsOf(broken('reply-5xx.yaml', /code: "500"/, 'code: 500'));
    expect(problems).toEqual([
      'data/codes/reply-5xx.yaml: record 1 (code 500): field "code": write it in quotes, "500": unquoted, YAML reads 500 as the number 500',
    ]);
  });

  it('an http:// link says https is required', () => {
    const problems = problemsOf(broken('enhanced-x0-other.yaml', /url: "https:\/\//, 'url: "http://'));
    expect(problems).toEqual([
      expect.stringMatching(
        /^data\/codes\/enhanced-x0-other\.yaml: record 1 \(code "X\.0\.0"\): field "references\.\d+\.url": must use https:\/\/ \(write "https:\/\/[^"]+" if the site serves it\)$/,
      ),
    ]);
  });

  it('still reports a related code that does not exist once the records are readable', () => {
    const problems = problemsOf(broken('reply-5xx.yaml', /\n {2}related: \[/, '\n  related: ["5.9.9", '));
    expect(problems).toEqual([
      'data/codes/reply-5xx.yaml: code "500": field "related": "5.9.9" is not a documented code',
    ]);
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
