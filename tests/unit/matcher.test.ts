import { describe, expect, it } from 'vitest';
import { analyze, buildKnowledge, prepareKnowledge } from '../../src/lib/analyzer';
import { parseCodeQuery } from '../../src/lib/codes';
import { loadDataset } from '../../src/lib/dataset';
import { createMatcher, literalAnchor, literalAnchors, type MatchableVariant } from '../../src/lib/matcher';
import { loadProviders } from '../../src/lib/providers';

describe('literalAnchor', () => {
  it('takes the longest piece every match must contain', () => {
    expect(literalAnchor('\\.\\.\\. Relaying denied')).toBe('... relaying denied');
    expect(literalAnchor('The Email Account that you tried')).toBe('the email account that you tried');
    expect(literalAnchor('x{0,3}abc[a-z]de+fghi')).toBe('fghi');
  });
  it('never requires a piece a match can lack', () => {
    // Optional characters, alternatives inside groups and top-level alternation.
    expect(literalAnchor('colou?r is red')).toBe('r is red');
    expect(literalAnchor('user (?:unknown|not found)')).toBe('user ');
    expect(literalAnchor('mailbox (?:is )?full')).toBe('mailbox ');
    expect(literalAnchor('over quota|mailbox full')).toBe('');
    // Escapes with arguments are not literal text.
    expect(literalAnchor('\\x41bcdef')).toBe('');
    expect(literalAnchor('\\p{L}bcdef')).toBe('');
  });
});

describe('createMatcher', () => {
  const v = (id: string, pattern: string, more: Partial<MatchableVariant> = {}): MatchableVariant => ({
    id,
    pattern,
    ...more,
  });
  const matcher = createMatcher([
    v('generic', '\\.\\.\\. Relaying denied', { reply: '550', enhanced: '5.7.1', kind: 'mta' }),
    v('auth', 'Relaying denied\\. Proper authentication required', { reply: '550', enhanced: '5.7.1', kind: 'mta' }),
    v('other-code', 'Relaying denied', { reply: '554' }),
    v('provider', 'Sender address rejected: Domain not found', {
      reply: '450',
      domains: ['icloud.com'],
      kind: 'mailbox',
    }),
    v('mta', 'Sender address rejected: Domain not found', { reply: '450', kind: 'mta' }),
  ]);
  const id = (text: string, hints = {}) => matcher.match(text, hints)?.variant.id;

  it('credits the variant whose codes were seen', () => {
    expect(id('554 Relaying denied', { reply: '554' })).toBe('other-code');
    expect(id('x... Relaying denied', { reply: '550', enhanced: '5.7.1' })).toBe('generic');
  });
  it('credits the more specific text when two match with the same codes', () => {
    const text = '550 5.7.1 <a@b.example>... Relaying denied. Proper authentication required.';
    expect(id(text, { reply: '550', enhanced: '5.7.1' })).toBe('auth');
    const m = matcher.match(text, { reply: '550', enhanced: '5.7.1' })!;
    expect(text.slice(m.start, m.end)).toBe('Relaying denied. Proper authentication required');
  });
  it('decides between identical texts by the recipient domain, else credits the MTA that writes it', () => {
    const text = '450 4.1.8 <a@b.example>: Sender address rejected: Domain not found';
    expect(id(text, { reply: '450', domain: 'ICLOUD.com' })).toBe('provider');
    expect(id(text, { reply: '450', domain: 'example.org' })).toBe('mta');
    expect(id(text, { reply: '450' })).toBe('mta');
  });
  it('ranks every match, best first, up to a limit, and finds nothing in unrelated text', () => {
    const text = '550 x... Relaying denied. Proper authentication required';
    expect(matcher.rank(text, { reply: '550' }).map((m) => m.variant.id)).toEqual(['auth', 'generic', 'other-code']);
    expect(matcher.rank(text, {}, 1)).toHaveLength(1);
    expect(id('nothing here')).toBeUndefined();
    expect(matcher.rank('nothing here')).toEqual([]);
  });
  it('matches case-insensitively', () => {
    expect(id('RELAYING DENIED', { reply: '554' })).toBe('other-code');
  });
});

// Our own data: each example a provider variant lists must be credited to that variant, by the
// matcher and by the analyzer that uses it. A text sent word for word by two providers (iCloud runs
// Postfix) is credited to the mailbox provider when the recipient is at one of its domains, else to
// the MTA that writes it; that is the only exception, and it is checked, not assumed.
describe('every provider example is credited to its own variant', () => {
  const providers = loadProviders('data/providers');
  const variants = providers.flatMap((p) =>
    p.variants.map((v) => ({ ...v, provider: p.id, providerName: p.name, kind: p.kind, domains: p.domains })),
  );
  const matcher = createMatcher(variants);
  const k = prepareKnowledge(buildKnowledge(loadDataset('data/codes'), providers));
  const sameText = (a: (typeof variants)[number], b: (typeof variants)[number]) =>
    a.pattern === b.pattern && a.reply === b.reply && a.enhanced === b.enhanced;

  it('by the matcher, given the codes in the example and the provider’s domain', () => {
    const wrong: string[] = [];
    for (const v of variants)
      for (const ex of v.examples) {
        const got = matcher.match(ex, { ...parseCodeQuery(ex), domain: v.domains[0] })?.variant;
        if (got?.id !== v.id) wrong.push(`${v.id}: "${ex}" credited to ${got?.id ?? 'nothing'}`);
      }
    expect(wrong).toEqual([]);
  });

  it('by the analyzer, which only knows the example (an identical MTA text goes to the MTA)', () => {
    const wrong: string[] = [];
    for (const v of variants)
      for (const ex of v.examples) {
        const got = analyze(ex, k).findings[0]?.variant?.id;
        const to = variants.find((x) => x.id === got);
        const justified = to && v.kind !== 'mta' && to.kind === 'mta' && sameText(v, to);
        if (got !== v.id && !justified) wrong.push(`${v.id}: "${ex}" credited to ${got ?? 'nothing'}`);
      }
    expect(wrong).toEqual([]);
  });
});

describe('literalAnchors', () => {
  it('gives one piece per top-level alternative, or none when an alternative has none', () => {
    expect(literalAnchors('over quota|mailbox (?:is )?full')).toEqual(['over quota', 'mailbox ']);
    expect(literalAnchors('[a|b]c user unknown')).toEqual(['c user unknown']);
    expect(literalAnchors('user unknown|\\d+')).toEqual([]);
    expect(literalAnchors('ab')).toEqual([]); // too short to be worth a look-up
  });
});

describe('the matcher with many variants', () => {
  it('finds the same variants as trying every pattern (anchors never hide a match)', () => {
    const providers = loadProviders('data/providers');
    const variants = providers.flatMap((p) => p.variants);
    const matcher = createMatcher(variants);
    for (const v of variants)
      for (const ex of v.examples) {
        const slow = variants.filter((x) => new RegExp(x.pattern, 'i').test(ex)).map((x) => x.id);
        expect(
          matcher
            .rank(ex, {}, 1000)
            .map((m) => m.variant.id)
            .sort(),
        ).toEqual(slow.sort());
      }
  });
});
