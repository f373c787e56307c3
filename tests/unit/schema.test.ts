import { describe, expect, it } from 'vitest';
import { codeStringSchema, fixesSchema } from '../../src/schemas/common';
import { replyRecordSchema } from '../../src/schemas/reply-record';
import { enhancedRecordSchema } from '../../src/schemas/enhanced-record';
import { referenceSchema } from '../../src/schemas/reference';

const reply = {
  code: '550',
  title: 'Requested action not taken: mailbox unavailable',
  summary: 'The server refused the command for good.',
  bounceType: 'hard',
  verdict: 'suppress',
  meaning: 'A permanent refusal; read the enhanced code.',
  causes: ['The mailbox does not exist on the receiving server.'],
  fixes: { sender: ['Read the enhanced code that follows the number.'] },
  references: [{ rfc: 5321, section: '4.2.3' }],
};

const enhanced = {
  code: 'X.2.2',
  title: 'Mailbox full',
  basicCodes: '552',
  meaning: 'The recipient has to make room.',
  causes: ['The quota filled up while nobody read the mail.'],
  fixes: { sender: ['Retry over several days, then suppress.'] },
  references: [{ rfc: 3463, section: '3.3' }],
  classes: {
    '4': { summary: 'The mailbox is over quota for now.', bounceType: 'soft', verdict: 'retry' },
  },
};

function problems(schema: typeof replyRecordSchema | typeof enhancedRecordSchema, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('replyRecordSchema', () => {
  it('accepts a complete record and fills defaults', () => {
    const r = replyRecordSchema.parse(reply);
    expect(r.related).toEqual([]);
    expect(r.keywords).toEqual([]);
  });

  it.each(['title', 'bounceType', 'summary', 'meaning', 'causes', 'fixes', 'references', 'code'])(
    'requires %s',
    (field) => {
      const rec: Record<string, unknown> = { ...reply };
      delete rec[field];
      expect(problems(replyRecordSchema, rec).some((p) => p.startsWith(`${field}:`))).toBe(true);
    },
  );

  it('rejects unknown fields', () => {
    expect(problems(replyRecordSchema, { ...reply, severity: 'high' })).toEqual([expect.stringContaining('severity')]);
  });

  it('rejects empty lists, empty text and fixes without an audience', () => {
    expect(problems(replyRecordSchema, { ...reply, causes: [] })).toHaveLength(1);
    expect(problems(replyRecordSchema, { ...reply, summary: '   ' })).toHaveLength(1);
    expect(problems(replyRecordSchema, { ...reply, fixes: {} })).toEqual([
      'fixes: give sender and/or recipientAdmin steps',
    ]);
    expect(problems(replyRecordSchema, { ...reply, fixes: ['A plain list is the old shape.'] })).toHaveLength(1);
  });

  it.each([
    [5.1, 'YAML read it as the number 5.1'],
    [550, 'YAML read it as the number 550'],
    ['5.1', 'is not a reply code'],
    ['55', 'is not a reply code'],
    ['5.1.1', 'a reply code has three digits'],
  ])('rejects the code %j', (code, message) => {
    expect(problems(replyRecordSchema, { ...reply, code }).join('\n')).toContain(message);
  });

  it('rejects a bounce type that contradicts the class without a note, and accepts it explained', () => {
    expect(problems(replyRecordSchema, { ...reply, bounceType: 'soft', verdict: 'retry' })).toEqual([
      expect.stringMatching(/^bounceType: "soft" contradicts class 5 .*bounceTypeNote/),
    ]);
    expect(
      problems(replyRecordSchema, {
        ...reply,
        bounceType: 'soft',
        verdict: 'retry',
        bounceTypeNote: 'Explained for a good reason here.',
      }),
    ).toEqual([]);
  });

  it('ties the verdict "none" to informational codes', () => {
    expect(problems(replyRecordSchema, { ...reply, verdict: 'none' })).toEqual([
      'verdict: verdict "none" goes with bounceType "info", and only with it',
    ]);
    expect(problems(replyRecordSchema, { ...reply, code: '250', bounceType: 'info', verdict: 'retry' })).toHaveLength(
      1,
    );
    expect(problems(replyRecordSchema, { ...reply, verdict: 'drop' })).toHaveLength(1);
  });

  it('checks stages and related codes', () => {
    expect(problems(replyRecordSchema, { ...reply, stage: ['rcpt-to', 'dsn'] })).toEqual([]);
    expect(problems(replyRecordSchema, { ...reply, stage: ['rcpt'] })).toHaveLength(1);
    expect(problems(replyRecordSchema, { ...reply, related: ['5.10'] })).toHaveLength(1);
  });
});

describe('enhancedRecordSchema', () => {
  it('accepts a record with one class', () => {
    expect(problems(enhancedRecordSchema, enhanced)).toEqual([]);
  });

  it.each(['5.2.2', 'X.2', 'X.02.2', 'x.2.2'])('rejects the record code %j', (code) => {
    expect(problems(enhancedRecordSchema, { ...enhanced, code })).toEqual([
      'code: an enhanced record code looks like "X.2.2"',
    ]);
  });

  it('needs at least one class and only 2, 4 or 5', () => {
    expect(problems(enhancedRecordSchema, { ...enhanced, classes: {} })).toHaveLength(1);
    expect(problems(enhancedRecordSchema, { ...enhanced, classes: { '3': enhanced.classes['4'] } })).toHaveLength(2);
  });

  it('checks each class against its digit and names the class in the path', () => {
    const classes = { '5': { summary: 'The mailbox is over quota.', bounceType: 'soft', verdict: 'retry' } };
    expect(problems(enhancedRecordSchema, { ...enhanced, classes })).toEqual([
      expect.stringMatching(/^classes\.5\.bounceType: "soft" contradicts class 5/),
    ]);
  });

  it('requires the registry basic codes', () => {
    const { basicCodes: _, ...rest } = enhanced;
    expect(problems(enhancedRecordSchema, rest)).toEqual([expect.stringMatching(/^basicCodes:/)]);
  });
});

describe('shared field schemas', () => {
  it('codes must be quoted strings', () => {
    expect(codeStringSchema.safeParse('5.7.26').success).toBe(true);
    expect(codeStringSchema.safeParse(5.7).success).toBe(false);
  });
  it('fixes take known audiences only', () => {
    expect(fixesSchema.safeParse({ recipientAdmin: ['Create the missing alias.'] }).success).toBe(true);
    expect(fixesSchema.safeParse({ postmaster: ['Create the missing alias.'] }).success).toBe(false);
  });
});

describe('referenceSchema', () => {
  it('takes an RFC with a section, or a titled https link', () => {
    expect(referenceSchema.safeParse({ rfc: 5321, section: '4.2.3' }).success).toBe(true);
    expect(
      referenceSchema.safeParse({
        title: 'draft-levine-mailbomb-header',
        url: 'https://datatracker.ietf.org/doc/draft-levine-mailbomb-header/',
      }).success,
    ).toBe(true);
  });
  it('rejects a reference that points nowhere', () => {
    expect(referenceSchema.safeParse({ section: '4.2.3' }).success).toBe(false);
    expect(referenceSchema.safeParse({ title: 'Somewhere' }).success).toBe(false);
    expect(referenceSchema.safeParse({ title: 'Plain', url: 'http://example.org/' }).success).toBe(false);
    expect(referenceSchema.safeParse({ rfc: 5321, section: 'four' }).success).toBe(false);
  });
});
