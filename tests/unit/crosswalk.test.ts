import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadTools } from '../../src/lib/tools';
import { espSchema, espLabelSchema } from '../../src/schemas/esp';
import { toolSchema } from '../../src/schemas/tool';
import { crosswalkJsonSchema } from '../../src/schemas/crosswalk-json';
import {
  checkEspReferences,
  crosswalkRows,
  hasPageRow,
  displayLabel,
  espVendor,
  labelId,
  loadEsps,
  rowId,
  toolVendor,
  validateEsps,
  vendorLabelsFor,
} from '../../src/lib/crosswalk';

const HEAD = `id: test-esp
name: Test ESP
field: "event.type"
about: A test sending service that labels bounces by reading the reply text.
source: { title: "Test ESP docs: bounce types", url: "https://example.org/bounces" }
verified: "2026-12-01"
`;
const label = (over = '') =>
  `  - label: MailboxFull\n    meaning: The recipient mailbox is full for now.\n    verdict: retry\n    codes: ["4.2.2", "5.2.2"]\n    basis: definition\n${over}`;
const yaml = (labels: string, rest = '') => `${HEAD}labels:\n${labels}${rest}`;

function problemsOf(text: string, path = 'data/esps/test-esp.yaml'): string[] {
  try {
    validateEsps([{ path, text }]);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as DataError).problems;
  }
  throw new Error('expected a rejection');
}

describe('ESP schema', () => {
  it('accepts a complete file and fills defaults', () => {
    const [esp] = validateEsps([{ path: 'data/esps/test-esp.yaml', text: yaml(label()) }]);
    expect(esp.id).toBe('test-esp');
    expect(esp.labels[0].codes).toEqual(['4.2.2', '5.2.2']);
    expect(esp.texts).toEqual([]);
    expect(esp.otherSources).toEqual([]);
  });

  it('accepts a label with no codes (not published) and no basis', () => {
    expect(
      espLabelSchema.safeParse({
        label: 'Reputation',
        meaning: 'The sender has a poor reputation.',
        verdict: 'fix-sender',
      }).success,
    ).toBe(true);
  });

  it('rejects a "depends" verdict without a note', () => {
    const r = espLabelSchema.safeParse({ label: 'Unknown', meaning: 'Could not be classified.', verdict: 'depends' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['verdictNote']);
  });

  it('rejects codes without a basis, and a basis without codes', () => {
    const base = { label: 'X', meaning: 'Some meaning here.', verdict: 'retry' };
    expect(espLabelSchema.safeParse({ ...base, codes: ['4.2.2'] }).success).toBe(false);
    expect(espLabelSchema.safeParse({ ...base, basis: 'definition' }).success).toBe(false);
  });

  it('rejects a verdict outside ours, an unquoted code and a non-code', () => {
    const base = { label: 'X', meaning: 'Some meaning here.', basis: 'definition' };
    expect(espLabelSchema.safeParse({ ...base, verdict: 'drop', codes: ['5.1.1'] }).success).toBe(false);
    expect(espLabelSchema.safeParse({ ...base, verdict: 'suppress', codes: [5.1] }).success).toBe(false);
    expect(espLabelSchema.safeParse({ ...base, verdict: 'suppress', codes: ['9.9.9'] }).success).toBe(false);
  });

  it('rejects unknown fields and a missing verified date', () => {
    const ok = espSchema.parse(
      (validateEsps([{ path: 'x.yaml', text: yaml(label()) }]) as unknown[])[0] as Record<string, unknown>,
    );
    expect(espSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    const { verified: _v, ...noDate } = ok;
    expect(espSchema.safeParse(noDate).success).toBe(false);
  });

  it('sisimai labels may carry a verdict; "depends" needs its note there too', () => {
    const tool = loadTools('data/tools')[0];
    expect(tool.labels.every((l) => l.verdict)).toBe(true);
    const bad = { ...tool, labels: [{ ...tool.labels[0], verdict: 'depends', verdictNote: undefined }] };
    expect(toolSchema.safeParse(bad).success).toBe(false);
  });
});

describe('ESP loader messages name the file, the label and the field', () => {
  it('a bad field inside a label', () => {
    expect(problemsOf(yaml(label().replace('verdict: retry', 'verdict: maybe')))).toEqual([
      expect.stringMatching(/^data\/esps\/test-esp\.yaml: label 1 \("MailboxFull"\): field "verdict": /),
    ]);
  });
  it('a bad code inside a label', () => {
    expect(problemsOf(yaml(label().replace('"5.2.2"', '"7.2.2"')))[0]).toMatch(
      /^data\/esps\/test-esp\.yaml: label 1 \("MailboxFull"\): field "codes\.1": .*not a reply code/,
    );
  });
  it('a missing top-level field', () => {
    expect(problemsOf(yaml(label()).replace('field: "event.type"\n', ''))).toEqual([
      expect.stringMatching(/^data\/esps\/test-esp\.yaml: field "field": /),
    ]);
  });
  it('a duplicated label', () => {
    expect(problemsOf(yaml(label() + label()))).toEqual([
      'data/esps/test-esp.yaml: label 2 ("MailboxFull"): field "label": duplicated',
    ]);
  });
  it('a text whose label the file does not define', () => {
    const texts = `texts:\n  - variant: gmail-550-5-1-1-no-such-user\n    label: Nope\n    says: The vendor files this text under Nope.\n    source: { title: "A vendor blog post", url: "https://example.org/post" }\n`;
    expect(problemsOf(yaml(label(), texts))).toEqual([
      'data/esps/test-esp.yaml: text 1: field "label": "Nope" is not one of this file\'s labels',
    ]);
  });
  it('YAML syntax errors and duplicate keys', () => {
    expect(problemsOf('id: [unclosed')[0]).toMatch(/^data\/esps\/test-esp\.yaml: YAML syntax error/);
    expect(problemsOf(`${yaml(label())}id: again\n`)[0]).toMatch(/YAML syntax error/);
  });
  it('the same id in two files', () => {
    expect(() =>
      validateEsps([
        { path: 'a.yaml', text: yaml(label()) },
        { path: 'b.yaml', text: yaml(label()) },
      ]),
    ).toThrow(/esp id "test-esp" is used by 2 files/);
  });
  it('an empty file and a missing directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esps-'));
    writeFileSync(join(dir, 'empty.yaml'), '  \n');
    expect(() => loadEsps(dir, dir)).toThrow(/empty\.yaml: file is empty/);
    expect(() => loadEsps(join(dir, 'missing'))).toThrow(DataError);
  });
  it('loads a directory in name order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esps-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'b.yaml'), yaml(label()).replace('id: test-esp', 'id: b-esp'));
    writeFileSync(join(dir, 'a.yaml'), yaml(label()).replace('id: test-esp', 'id: a-esp'));
    expect(loadEsps(dir, dir).map((e) => e.id)).toEqual(['a-esp', 'b-esp']);
  });
});

describe('references to codes and provider texts', () => {
  const [esp] = validateEsps([
    {
      path: 'data/esps/test-esp.yaml',
      text: yaml(
        label(),
        `texts:\n  - variant: no-such-variant\n    label: MailboxFull\n    says: The vendor files this text under MailboxFull.\n    source: { title: "A vendor blog post" }\n`,
      ),
    },
  ]);
  it('reports a code that has no page and a variant that does not exist', () => {
    expect(checkEspReferences([esp], new Set(['4.2.2']), new Set())).toEqual([
      'data/esps/test-esp.yaml: label 1 ("MailboxFull"): field "codes.1": "5.2.2" is not a documented code',
      'data/esps/test-esp.yaml: text 1: field "variant": no provider text has id "no-such-variant"',
    ]);
  });
  it('is silent when everything exists', () => {
    expect(checkEspReferences([esp], new Set(['4.2.2', '5.2.2']), new Set(['no-such-variant']))).toEqual([]);
  });
});

describe('crosswalk rows', () => {
  const [esp] = validateEsps([{ path: 'x.yaml', text: yaml(label()) }]);
  const tools = loadTools('data/tools');
  const vendors = [espVendor(esp), ...tools.map(toolVendor)];
  const rows = crosswalkRows(
    [
      { code: '4.2.2', title: 'Mailbox full', verdict: 'retry' },
      { code: '5.6.1', title: 'Media not supported', verdict: 'fix-message' },
    ],
    vendors,
    tools,
  );
  it('gives a vendor label where one is published', () => {
    expect(rows[0].labels['test-esp']).toEqual(['MailboxFull']);
    expect(rows[0].labels.sisimai).toEqual(['mailboxfull']);
  });
  it('gives an empty list (not published) where none is, and never guesses', () => {
    expect(rows[1].labels['test-esp']).toEqual([]);
  });
  it('expands a tool table wildcard ("5.6.*" covers 5.6.1)', () => {
    expect(rows[1].labels.sisimai).toEqual(['contenterror']);
    expect(vendorLabelsFor('5.6.1', vendors[1], tools).map((l) => l.verdict)).toEqual(['fix-message']);
  });
  it('gives a code a row on the page only when a sending service labels it (a tool alone does not)', () => {
    expect(hasPageRow(rows[0], vendors)).toBe(true);
    expect(rows[1].labels.sisimai.length).toBeGreaterThan(0);
    expect(hasPageRow(rows[1], vendors)).toBe(false);
  });
  it('a tool vendor keeps the tool table as its basis', () => {
    expect(vendors[1].labels.every((l) => l.basis === 'tool-table')).toBe(true);
  });
});

describe('anchors and display', () => {
  it('row and label ids are stable and safe', () => {
    expect(rowId('5.1.1')).toBe('code-5-1-1');
    expect(rowId('550')).toBe('code-550');
    expect(rowId('5.1.10')).not.toBe(rowId('5.11.0'));
    expect(labelId('amazon-ses', 'Permanent / NoEmail')).toBe('amazon-ses-permanent-noemail');
    expect(labelId('sparkpost', '22')).toBe('sparkpost-22');
  });
  it('a bare class number reads with its name', () => {
    expect(displayLabel({ label: '22', name: 'Mailbox Full' })).toBe('22 Mailbox Full');
    expect(displayLabel({ label: 'SoftBounce', name: 'Soft bounce (4096)' })).toBe('SoftBounce');
  });
});

// Reads the whole dataset: allow for a busy machine.
describe('the real ESP data', { timeout: 60_000 }, () => {
  const esps = loadEsps('data/esps');
  it('covers the five sending services, each with a dated source', () => {
    expect(esps.map((e) => e.id).sort()).toEqual(['amazon-ses', 'mailgun', 'postmark', 'sendgrid', 'sparkpost']);
    for (const e of esps) {
      expect(e.source.url ?? e.source.via, e.id).toBeTruthy();
      expect(e.verified, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
  it('names only documented codes and existing provider texts', () => {
    const documented = new Set(loadDataset('data/codes').map((c) => c.code));
    const variants = new Set(loadProviders('data/providers').flatMap((p) => p.variants.map((v) => v.id)));
    expect(checkEspReferences(esps, documented, variants)).toEqual([]);
  });
  it('label ids are unique within each vendor (page anchors)', () => {
    for (const e of esps) {
      const ids = e.labels.map((l) => labelId(e.id, l.label));
      expect(new Set(ids).size, e.id).toBe(ids.length);
    }
  });
  it('a crosswalk document built from it matches the published JSON schema', () => {
    const tools = loadTools('data/tools');
    const vendors = [...esps.map(espVendor), ...tools.map(toolVendor)];
    const pages = loadDataset('data/codes');
    const doc = {
      formatVersion: 1,
      built: new Date().toISOString(),
      url: '/crosswalk/',
      vendors: vendors.map((v) => ({ ...v, texts: v.texts.map((t) => ({ ...t, url: '/x/' })) })),
      codes: crosswalkRows(pages, vendors, tools).map((r) => ({ ...r, url: `/crosswalk/#${rowId(r.code)}` })),
    };
    const r = crosswalkJsonSchema.safeParse(doc);
    expect(r.success ? [] : r.error.issues.slice(0, 3)).toEqual([]);
  });
});
