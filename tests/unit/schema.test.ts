import { describe, expect, it } from 'vitest';
import { codeRecordSchema, codeStringSchema } from '../../src/schemas/code';
import { referenceSchema } from '../../src/schemas/reference';

const good = {
  code: '5.1.1',
  title: 'Bad destination mailbox address',
  bounceType: 'hard',
  summary: 'The mailbox named left of the @ does not exist.',
  meaning: 'The receiving server does not know this user.',
  causes: ['The address was mistyped when it was collected.'],
  fixes: ['Suppress the address and stop sending to it.'],
  references: [{ rfc: 3463, section: '3.2' }],
};

function problems(input: unknown): string[] {
  const r = codeRecordSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('codeRecordSchema', () => {
  it('accepts a complete record and fills defaults', () => {
    const r = codeRecordSchema.parse(good);
    expect(r.related).toEqual([]);
    expect(r.keywords).toEqual([]);
  });

  it.each(['title', 'bounceType', 'summary', 'meaning', 'causes', 'fixes', 'references', 'code'])('requires %s', (field) => {
    const rec: Record<string, unknown> = { ...good };
    delete rec[field];
    expect(problems(rec).some((p) => p.startsWith(`${field}:`))).toBe(true);
  });

  it('rejects unknown fields', () => {
    expect(problems({ ...good, severity: 'high' })).toEqual([expect.stringContaining('severity')]);
  });

  it('rejects empty lists and empty text', () => {
    expect(problems({ ...good, causes: [] })).toHaveLength(1);
    expect(problems({ ...good, summary: '   ' })).toHaveLength(1);
  });

  it.each([
    [5.1, 'YAML read it as the number 5.1'],
    [550, 'YAML read it as the number 550'],
    ['5.1', 'is not a reply code'],
    ['55', 'is not a reply code'],
    ['5.1.1.1', 'is not a reply code'],
  ])('rejects the malformed code %j', (code, message) => {
    expect(problems({ ...good, code }).join('\n')).toContain(message);
  });

  it('rejects a bounce type that contradicts the class without a note', () => {
    const p = problems({ ...good, code: '5.2.2', bounceType: 'soft' });
    expect(p).toEqual([expect.stringMatching(/^bounceType: "soft" contradicts class 5 .*bounceTypeNote/)]);
    expect(problems({ ...good, code: '4.2.2', bounceType: 'hard' })).toHaveLength(1);
    expect(problems({ ...good, code: '250', bounceType: 'hard' })).toHaveLength(1);
  });

  it('accepts the override when it is explained', () => {
    expect(problems({ ...good, code: '5.2.2', bounceType: 'soft', bounceTypeNote: 'RFC 3463 calls a full mailbox a persistent transient failure.' })).toEqual([]);
  });

  it('rejects a related code that is malformed or the code itself', () => {
    expect(problems({ ...good, related: ['5.10'] })).toHaveLength(1);
    expect(problems({ ...good, related: ['5.1.1'] })).toEqual(['related: a code cannot be related to itself']);
  });
});

describe('codeStringSchema', () => {
  it('accepts quoted codes only', () => {
    expect(codeStringSchema.safeParse('5.7.26').success).toBe(true);
    expect(codeStringSchema.safeParse(5.7).success).toBe(false);
  });
});

describe('referenceSchema', () => {
  it('takes an RFC with a section, or a titled https link', () => {
    expect(referenceSchema.safeParse({ rfc: 5321, section: '4.2.3' }).success).toBe(true);
    expect(referenceSchema.safeParse({ title: 'draft-levine-mailbomb-header', url: 'https://datatracker.ietf.org/doc/draft-levine-mailbomb-header/' }).success).toBe(true);
  });
  it('rejects a reference that points nowhere', () => {
    expect(referenceSchema.safeParse({ section: '4.2.3' }).success).toBe(false);
    expect(referenceSchema.safeParse({ title: 'Somewhere' }).success).toBe(false);
    expect(referenceSchema.safeParse({ title: 'Plain', url: 'http://example.org/' }).success).toBe(false);
    expect(referenceSchema.safeParse({ rfc: 5321, section: 'four' }).success).toBe(false);
  });
});
