// The provider-text matcher's pre-filter (WordFinder) and the pattern facts the CLI keeps in its
// cache: both are only speed, so each must give exactly what the plain way gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMatcher, patternFacts, PLAIN_ANCHORS_UP_TO, windowOffsets, WordFinder } from '../../src/lib/matcher';
import { loadProviders } from '../../src/lib/providers';

const plain = (words: string[], text: string) => words.flatMap((w, i) => (text.includes(w) ? [i] : [])).sort();
const found = (f: WordFinder, text: string) => [...new Set(f.find(text))].sort();

describe('WordFinder', () => {
  it('finds every word a text holds, and only those', () => {
    const words = ['user unknown', 'mailbox full', 'abc', 'unknown', 'known user', 'über', 'ßx', 'aaaa', 'aaab'];
    const f = new WordFinder(words);
    for (const text of ['550 user unknown', 'userunknown', 'xx abc yy', 'the aaaab', 'ÜBER'.toLowerCase(), '', 'a'])
      expect(found(f, text)).toEqual(plain(words, text));
  });

  it('agrees with includes() on random words and texts (including non-ASCII clashes)', () => {
    const char = fc.constantFrom('a', 'b', ' ', 'ā', 'Ăa'[0], 'ġ', '\u0161', '\u0261');
    const word = fc.array(char, { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 12 }),
        fc.array(char, { maxLength: 60 }),
        (words, t) => {
          const text = t.join('');
          expect(found(new WordFinder(words), text)).toEqual(plain(words, text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keys each word on a window few others share', () => {
    const offsets = windowOffsets(['user unknown', 'user disabled', 'ab']);
    expect(offsets[2]).toBe(-1); // too short: looked for whole
    expect(offsets[0]).toBeGreaterThan(0); // not 'user', which both share
  });
});

describe('pattern facts prepared beforehand', () => {
  const variants = loadProviders('data/providers').flatMap((p) =>
    p.variants.map((v) => ({ ...v, id: `${p.id}/${v.id}` })),
  );

  it('survive JSON (as the CLI caches them) and give the same matches as working them out', () => {
    const facts = JSON.parse(JSON.stringify(patternFacts(variants.map((v) => v.pattern)))) as ReturnType<
      typeof patternFacts
    >;
    const cached = createMatcher(variants, facts);
    const fresh = createMatcher(variants);
    const texts = [
      ...variants.flatMap((v) => v.examples.map((e) => `${v.reply ?? ''} ${v.enhanced ?? ''} ${e}`)),
      '550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in local recipient table',
      '554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org',
    ];
    let matched = 0;
    for (const text of texts) {
      const a = cached.rank(text, {}, 50).map((m) => [m.variant.id, m.start, m.end]);
      expect(a).toEqual(fresh.rank(text, {}, 50).map((m) => [m.variant.id, m.start, m.end]));
      if (a.length) matched++;
    }
    expect(matched).toBeGreaterThan(100); // the texts do exercise the matcher
  });
});

describe('anchors found with includes() until the WordFinder pays for itself', () => {
  const variants = loadProviders('data/providers').flatMap((p) =>
    p.variants.map((v) => ({ ...v, id: `${p.id}/${v.id}`, domains: p.domains, kind: p.kind })),
  );
  const texts = [
    ...variants.flatMap((v) => v.examples.map((e) => `${v.reply ?? ''} ${v.enhanced ?? ''} ${e}`)),
    '550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in local recipient table',
    '554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org',
    '',
  ];
  const ranked = (m: ReturnType<typeof createMatcher<(typeof variants)[number]>>, text: string, domain?: string) =>
    m.rank(text, { domain, reply: text.slice(0, 3) }, 50).map((x) => [x.variant.id, x.start, x.end]);

  it('give the same ranking as the finder, on every provider example and with a provider domain', () => {
    const plain = createMatcher(variants, undefined, { plainUpTo: Infinity });
    const indexed = createMatcher(variants, undefined, { plainUpTo: 0 });
    let matched = 0;
    for (const text of texts)
      for (const domain of [undefined, 'gmail.com', 'outlook.com']) {
        const a = ranked(plain, text, domain);
        expect(a, text).toEqual(ranked(indexed, text, domain));
        if (a.length) matched++;
      }
    expect(matched).toBeGreaterThan(300);
  });

  it('and on random mixes of anchors and other text', () => {
    const anchors = patternFacts(variants.map((v) => v.pattern)).flatMap((f) => f.anchors);
    const plain = createMatcher(variants, undefined, { plainUpTo: Infinity });
    const indexed = createMatcher(variants, undefined, { plainUpTo: 0 });
    const piece = fc.oneof(fc.constantFrom(...anchors), fc.constantFrom(' ', '550 ', '5.7.1 ', 'Ü', 'x'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (ps) => {
        const text = ps.join('');
        expect(ranked(plain, text)).toEqual(ranked(indexed, text));
      }),
      { numRuns: 300 },
    );
  });

  it('switch to the finder once the texts read add up to the threshold, with the same results after', () => {
    const m = createMatcher(variants, undefined, { plainUpTo: 100 });
    const indexed = createMatcher(variants, undefined, { plainUpTo: 0 });
    for (const text of texts.slice(0, 40)) expect(ranked(m, text)).toEqual(ranked(indexed, text));
    expect(PLAIN_ANCHORS_UP_TO).toBeGreaterThan(1000); // a one-line input never builds the finder
  });
});
