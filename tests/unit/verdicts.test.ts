import { describe, expect, it } from 'vitest';
import { VERDICT_RULES, verdictContradictions } from '../../src/lib/verdict-rules';
import {
  addressEffect,
  findingAdvice,
  NO_REASON_ADVICE,
  REASON_ADVICE,
  resultBadges,
  VERDICTS,
} from '../../src/lib/verdicts';
import { checkVerdictsAgainstVariants } from '../../src/lib/verdict-checks';
import { loadDataset, type CodePage } from '../../src/lib/dataset';
import { loadProviders, loadProvidersCheckedAgainst, type Provider } from '../../src/lib/providers';
import { replyRecordSchema } from '../../src/schemas/reply-record';
import { enhancedRecordSchema } from '../../src/schemas/enhanced-record';
import { variantSchema } from '../../src/schemas/provider';

const rule = (id: string) => VERDICT_RULES.find((r) => r.id === id)!;

describe('verdict rules: the words and the verdict agree', () => {
  it.each([
    ['address-dead', 'The recipient address does not exist at this provider.', 'suppress', 'fix-sender'],
    ['keep-address', 'Keep the address and fix the sending side.', 'fix-sender', 'suppress'],
    ['recipient-side-fix', "Only the recipient's administrator can fix it.", 'retry', 'fix-sender'],
    ['retry-over', 'Here the retrying is already over: the queue gave up.', 'fix-sender', 'retry'],
    ['sender-domain-dns', "The sender's domain does not resolve in DNS.", 'fix-sender', 'retry'],
  ] as const)('%s: allows what the words say, rejects what contradicts them', (id, text, good, bad) => {
    expect(rule(id).says(text)).toBe(true);
    expect(verdictContradictions(text, good)).toEqual([]);
    expect(verdictContradictions(text, bad)).toEqual([expect.stringContaining(`${id}:`)]);
  });

  it('does not read hedged, sender-side or unrelated sentences as the rule', () => {
    expect(rule('address-dead').says('The mailbox may still exist, but it belongs to someone else.')).toBe(false);
    expect(rule('address-dead').says("Your sender address's domain does not exist.")).toBe(false);
    expect(rule('address-dead').says('Suppress only if the text says the recipient does not exist.')).toBe(false);
    expect(rule('recipient-side-fix').says("The recipient's organization has blocked the sending IP.")).toBe(false);
    expect(rule('retry-over').says('Retrying only helps if the lookup failure was temporary.')).toBe(false);
    expect(rule('sender-domain-dns').says("The recipient's domain has no MX record.")).toBe(false);
  });

  it('names the sentence that contradicts the verdict', () => {
    const [p] = verdictContradictions('A temporary block. Keep the address. Nothing else.', 'suppress');
    expect(p).toMatch(/verdict "suppress" contradicts its own words \(keep-address: .*\) in: "Keep the address\."/);
  });
});

describe('verdict model in the record schemas', () => {
  const reply = {
    code: '550',
    title: 'Requested action not taken: mailbox unavailable',
    summary: 'The server refused the command for good.',
    bounceType: 'hard',
    meaning: 'A permanent refusal; read the enhanced code.',
    causes: ['The mailbox does not exist on the receiving server.'],
    fixes: { sender: ['Read the enhanced code that follows the number.'] },
    references: [{ rfc: 5321, section: '4.2.3' }],
  };
  const rows = [
    { when: 'The text says the mailbox does not exist (5.1.1)', verdict: 'suppress' },
    { when: 'The text names a block on your IP or domain', verdict: 'fix-sender', examples: ['x-550-block'] },
  ];
  const issues = (input: unknown) => {
    const r = replyRecordSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a decision table whose fallback is one of its rows', () => {
    const r = replyRecordSchema.parse({ ...reply, verdict: 'fix-sender', decisions: rows });
    expect(r.decisions?.map((d) => d.examples)).toEqual([[], ['x-550-block']]);
  });

  it('rejects a fallback verdict that no row gives', () => {
    expect(issues({ ...reply, verdict: 'retry', decisions: rows })).toEqual([
      'verdict: the fallback verdict "retry" is not among the decision rows\' verdicts',
    ]);
  });

  it('rejects a table whose rows all lead to one action', () => {
    const same = rows.map((r) => ({ ...r, when: r.when, verdict: 'fix-sender' }));
    expect(issues({ ...reply, verdict: 'fix-sender', decisions: same })).toEqual([
      'decisions: a decision table needs at least two different verdicts; otherwise give the one verdict',
      expect.stringMatching(/^decisions\.0\.when: verdict "fix-sender" contradicts its own words \(address-dead/),
    ]);
  });

  it('rejects a row whose words contradict its verdict', () => {
    const bad = [
      { when: 'Only the recipient administrator must fix it', verdict: 'retry' },
      { ...rows[0], verdict: 'fix-sender' },
    ];
    expect(issues({ ...reply, verdict: 'retry', decisions: bad })).toEqual([
      expect.stringMatching(/^decisions\.1\.when: verdict "fix-sender" contradicts its own words \(address-dead/),
    ]);
  });

  it('rejects a single verdict whose note makes it conditional or contradicts it', () => {
    expect(issues({ ...reply, verdict: 'suppress', verdictNote: 'Suppress only when the mailbox is gone.' })).toEqual([
      expect.stringMatching(/^verdictNote: the note makes the action conditional/),
    ]);
    expect(issues({ ...reply, verdict: 'suppress', verdictNote: 'Keep the address: this is a policy block.' })).toEqual(
      [expect.stringMatching(/^verdict: verdict "suppress" contradicts its own words \(keep-address/)],
    );
    expect(issues({ ...reply, verdict: 'retry', verdictNote: 'Here the retrying is already over.' })).toEqual([
      expect.stringMatching(/^verdict: verdict "retry" contradicts its own words \(retry-over/),
    ]);
  });

  it('checks each class of an enhanced record', () => {
    const rec = {
      code: 'X.4.7',
      title: 'Delivery time expired',
      basicCodes: 'Not given',
      meaning: 'The message stayed in the queue too long.',
      causes: ['The destination was unreachable for days.'],
      fixes: { sender: ['Resend once the cause is fixed.'] },
      references: [{ rfc: 3463, section: '3.5' }],
      classes: { '4': { summary: 'Here the retrying is already over.', bounceType: 'soft', verdict: 'retry' } },
    };
    const r = enhancedRecordSchema.safeParse(rec);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['classes.4.verdict']);
  });
});

describe('variant schema: meaning and verdict agree', () => {
  const v = {
    id: 'x-451-mta-sts',
    reply: '451',
    enhanced: '4.4.8',
    text: 'MX hosts failed MTA-STS validation',
    pattern: 'failed MTA-STS validation',
    examples: ['451 4.4.8 MX hosts failed MTA-STS validation'],
    meaning: "The recipient's MX is not in its MTA-STS policy. Only the recipient's administrator can fix it.",
    verdict: 'retry',
    source: { title: 'A real source', url: 'https://example.org/doc' },
    verified: '2026-11-27',
  };
  it('accepts a recipient-side fault with retry, rejects it with fix-sender', () => {
    expect(variantSchema.safeParse(v).success).toBe(true);
    const r = variantSchema.safeParse({ ...v, verdict: 'fix-sender' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({
      path: ['verdict'],
      message: expect.stringMatching(/recipient-side-fix/),
    });
  });
});

describe('pages against the provider texts that carry their code', () => {
  const pages = loadDataset('tests/fixtures/data/good');
  const providers = loadProviders('tests/fixtures/data/providers');
  const withVariant = (over: Partial<Provider['variants'][number]>): Provider[] => [
    { ...providers[0], variants: [...providers[0].variants, { ...providers[0].variants[0], ...over }] },
  ];
  const page = (code: string) => pages.find((p) => p.code === code)!;

  it('passes the fixtures and the shipped dataset', () => {
    expect(checkVerdictsAgainstVariants(pages, providers)).toEqual([]);
    expect(loadProvidersCheckedAgainst('data/providers', 'data/codes').length).toBeGreaterThan(5);
  });

  it('rejects a text whose verdict contradicts a single-verdict headline', () => {
    const p = withVariant({ id: 'examplemail-5-1-1-retry', reply: undefined, verdict: 'retry' });
    expect(checkVerdictsAgainstVariants(pages, p)).toEqual([
      expect.stringMatching(
        /code "5\.1\.1": field "verdict": the headline says "suppress" but examplemail text "examplemail-5-1-1-retry" says "retry"/,
      ),
    ]);
  });

  it('lets a provider that reuses the code for something else keep its own verdict, shown apart', () => {
    const p = withVariant({
      id: 'examplemail-5-1-1-full',
      reply: undefined,
      verdict: 'retry',
      differsFromRegistry: 'Examplemail sends 5.1.1 for a full mailbox.',
    });
    expect(checkVerdictsAgainstVariants(pages, p)).toEqual([]);
  });

  it('rejects a text whose verdict no row of the decision table gives', () => {
    const p = withVariant({ id: 'examplemail-550-busy', enhanced: undefined, verdict: 'retry' });
    expect(checkVerdictsAgainstVariants(pages, p)).toEqual([
      'tests/fixtures/data/good/codes.yaml: code "550": field "decisions": examplemail text "examplemail-550-busy" says "retry", which no row of the decision table gives',
    ]);
  });

  it('rejects examples that are unknown, carry another code, or read another way', () => {
    const base = page('550');
    const rowsWith = (examples: string[]): CodePage => ({
      ...base,
      decisions: [{ ...base.decisions![0], examples }, base.decisions![1]],
    });
    const other = withVariant({ id: 'examplemail-552', reply: '552', enhanced: undefined });
    expect(checkVerdictsAgainstVariants([rowsWith(['nope'])], providers)).toEqual([
      expect.stringContaining('"decisions.0.examples": "nope" is not a provider text id'),
    ]);
    expect(checkVerdictsAgainstVariants([rowsWith(['examplemail-552'])], other)).toEqual([
      expect.stringContaining('"examplemail-552" does not carry the code 550'),
    ]);
    const wrong: CodePage = {
      ...base,
      decisions: [base.decisions![1], { ...base.decisions![0], verdict: 'fix-sender' }],
    };
    wrong.decisions![1].examples = ['examplemail-550-5-1-1-unknown'];
    expect(checkVerdictsAgainstVariants([wrong], providers)).toEqual(
      expect.arrayContaining([expect.stringContaining('says "suppress", not the row\'s "fix-sender"')]),
    );
  });

  it('fails the provider loader when pages and texts disagree', () => {
    expect(() =>
      loadProvidersCheckedAgainst('tests/fixtures/data/bad-verdict-providers', 'tests/fixtures/data/good'),
    ).toThrow(/no row of the decision table gives/);
  });
});

describe('address effect', () => {
  it('separates what happens to the address from the bounce type', () => {
    expect(addressEffect('suppress')).toBe('remove');
    expect(addressEffect('fix-sender')).toBe('keep');
    expect(addressEffect('none')).toBe('none');
    expect(addressEffect(undefined)).toBeUndefined();
    expect(addressEffect('retry', [{ verdict: 'retry' }, { verdict: 'fix-sender' }])).toBe('keep');
    expect(addressEffect('retry', [{ verdict: 'suppress' }, { verdict: 'fix-sender' }])).toBe('depends');
  });
});

describe('resultBadges', () => {
  it('labels the bounce type and the action apart, with the class of what happens to the address', () => {
    expect(resultBadges({ bounceType: 'hard', verdict: 'fix-sender' })).toEqual([
      ['Hard bounce', 'hard'],
      ['Fix the sender', 'addr-keep'],
    ]);
    expect(resultBadges({ bounceType: 'hard', verdict: 'suppress' })).toEqual([
      ['Hard bounce', 'hard'],
      ['Suppress the address', 'addr-remove'],
    ]);
    expect(resultBadges({ bounceType: 'soft', verdict: 'depends' })).toEqual([
      ['Soft bounce', 'soft'],
      ['Depends on the text', 'addr-depends'],
    ]);
    // A success has no action to show; a hit with neither carries no badge.
    expect(resultBadges({ bounceType: 'info', verdict: 'none' })).toEqual([['Not a failure', 'info']]);
    expect(resultBadges({})).toEqual([]);
  });
});

describe("a finding's advice", () => {
  it("an address on the sending service's suppression list is not called dead", () => {
    expect(findingAdvice({ verdict: 'suppress', reason: 'suppressed' })).toBe(REASON_ADVICE.suppressed);
    expect(findingAdvice({ verdict: 'suppress', reason: 'suppressed' })).not.toMatch(/dead/);
    expect(findingAdvice({ verdict: 'suppress', reason: 'userunknown' })).toBe(VERDICTS.suppress.advice);
    expect(findingAdvice({ verdict: 'fix-sender' })).toBe(VERDICTS['fix-sender'].advice);
  });
  it('does not tell the reader what to change when the words gave no reason, only what is safe', () => {
    const guessed = findingAdvice({ verdict: 'fix-message', reason: 'onhold', inferred: true });
    expect(guessed).toBe(NO_REASON_ADVICE);
    expect(guessed).not.toMatch(/change what was refused/i);
    // A server's reply, however vague, keeps the verdict's advice.
    expect(findingAdvice({ verdict: 'fix-message', reason: 'onhold' })).toBe(VERDICTS['fix-message'].advice);
  });
  it('gives a reason its own advice only under the verdict that reason leads to', async () => {
    // The advice must not contradict the verdict: "suppressed" keeps the address off the list.
    const { reasonVerdict } = await import('../../src/lib/analyzer/classify');
    for (const reason of Object.keys(REASON_ADVICE)) expect(reasonVerdict(reason), reason).toBe('suppress');
  });
});
