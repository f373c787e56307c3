// Providers' rule labels (data/reason-labels.yaml): the label in a reply names the rule that refused,
// so it decides the reason over the words and the code; the file is checked like every data file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { labelReason } from '../../src/lib/analyzer/reason';
import { loadDataset } from '../../src/lib/dataset';
import { loadProviders } from '../../src/lib/providers';
import { loadReasons, loadRuleLabelPages } from '../../src/lib/reasons';
import { reasonLabelsFileSchema } from '../../src/schemas/reasons';

const reasons = loadReasons();
const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), loadProviders('data/providers'), reasons));

describe('labelReason', () => {
  it("reads Orange's and La Poste's rule numbers, with or without the underscore", () => {
    expect(labelReason('421 4.2.0 Service refused, please try later. OFR005_505 [505]', reasons)).toBe('systemerror');
    expect(labelReason('550 5.1.1 Invalid recipient. LPN416 (in reply to RCPT TO command)', reasons)).toBe(
      'userunknown',
    );
    expect(labelReason('https://www.spamhaus.org/lookup/ LPNAAA_101', reasons)).toBe('blocked');
  });
  it('reads a numeric range (Spectrum AUP#1350-1490 is speeding) and a named label (Cox AUP#CXBL)', () => {
    expect(labelReason('554 5.7.1 Too many messages AUP#1400', reasons)).toBe('speeding');
    expect(labelReason('554 5.7.1 blocked AUP#CXBL', reasons)).toBe('blocked');
  });
  it('gives nothing for a label the table does not list, or text without a label', () => {
    expect(labelReason('421 Service refused, please try later. LPN006_107', reasons)).toBeUndefined();
    expect(labelReason('550 5.1.1 user unknown', reasons)).toBeUndefined();
    // A word that only looks like a label part ("IB6070") is not one.
    expect(labelReason('550 mailbox IB6070 not found', reasons)).toBeUndefined();
  });
});

describe('a rule label decides the reason, and the verdict follows it', () => {
  it("GoDaddy's IB607 under 5.1.1 is a rate limit, not an unknown user", () => {
    const [f] = analyze(
      '550 5.1.1 <kijitora@example.com> - 203.0.113.222 has sent to too many recipients this hour. IB607 <http://x.co/rlbounce>',
      k,
    ).findings;
    expect([f.reason, f.verdict]).toEqual(['speeding', 'retry']);
    // The label is shown as the evidence for the reason.
    expect(f.evidence.find((e) => e.why === 'GoDaddy rule 607: speeding')).toBeTruthy();
  });
  it("Facebook's RCP-P2 under 5.1.1 is the recipient's preferences (filtered): the address is not dead", () => {
    const [f] = analyze(
      '550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp Refused due to recipient preferences',
      k,
    ).findings;
    expect(f.reason).toBe('filtered');
    expect(f.verdict).not.toBe('suppress');
  });
});

describe('data/reason-labels.yaml schema', () => {
  const table = {
    name: 'Example',
    examples: ['Q101'],
    pattern: '\\bQ([0-9]{3})\\b',
    source: 'somewhere else',
    verified: '2026-12-02',
    codes: { '101': 'blocked' },
  };
  it('accepts a well-formed table', () => {
    expect(reasonLabelsFileSchema.safeParse([table]).success).toBe(true);
  });
  it.each([
    ['a pattern without a group', { pattern: '\\bQ[0-9]{3}\\b' }, 'needs a group'],
    ['a pattern that can backtrack', { pattern: '(?:a|a)*Q([0-9]+)' }, 'time'],
    ['a pattern that does not compile', { pattern: 'Q([0-9]' }, 'not a valid regular expression'],
    ['an unknown reason', { codes: { '101': 'nosuch' } }, '"codes","101"'],
    ['a malformed range', { codes: { '1080-1020': 'blocked' } }, 'range'],
  ])('refuses %s', (_, change, message) => {
    const r = reasonLabelsFileSchema.safeParse([{ ...table, ...change }]);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(message);
  });
  it('a broken file fails loading with the file and the field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labels-'));
    writeFileSync(join(dir, 'reason-labels.yaml'), '- name: X\n  pattern: "Q([0-9]{3})"\n  codes: {}\n');
    expect(() => loadReasons('data/reasons.yaml', 'data/tools', join(dir, 'reason-labels.yaml'))).toThrow(
      /reason-labels\.yaml: field "0\.(source|verified|codes)"/,
    );
  });
});

describe('rule-label tables on provider pages', () => {
  it('lists each table under the providers it names, and every reason used has a meaning', () => {
    const { byProvider, meanings } = loadRuleLabelPages(loadProviders('data/providers').map((p) => p.id));
    expect(byProvider.get('orange')?.map((t) => t.name)).toEqual(['Orange and La Poste']);
    expect(byProvider.get('laposte')).toEqual(byProvider.get('orange'));
    for (const tables of byProvider.values())
      for (const t of tables)
        for (const reason of Object.values(t.codes)) expect(meanings.get(reason), reason).toBeTruthy();
  });
  it('a table naming a provider that does not exist fails with the file, the table and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labels-'));
    const file = join(dir, 'reason-labels.yaml');
    writeFileSync(
      file,
      '- name: Example\n  providers: [orange, nosuch]\n  examples: [Q101]\n  pattern: "\\\\bQ([0-9]{3})"\n  source: somewhere else\n  verified: "2026-12-02"\n  codes: { "101": blocked }\n',
    );
    expect(() => loadRuleLabelPages(['orange'], 'data/reasons.yaml', file)).toThrow(
      /table 0 \("Example"\), field "providers\.1": no provider "nosuch"/,
    );
  });
});
