import { describe, expect, it } from 'vitest';
import {
  bestSentence,
  buildSearchIndex,
  codeMap,
  codeOfPageUrl,
  codesStartingWith,
  expandVariants,
  countText,
  exactCodeSearch,
  isMalformedCode,
  looksLikePastedBounce,
  prepareIndex,
  queryTerms,
  rankWords,
  routeQuery,
  searchLocal,
  searchWords,
  type SearchIndex,
} from '../../src/lib/search';
import type { Provider } from '../../src/lib/providers';
import { nearestCodes } from '../../src/lib/nearest';
import { loadDataset } from '../../src/lib/dataset';

const docs = new Map(
  [
    ['550', 'Mailbox unavailable'],
    ['5.1.1', 'Bad destination mailbox address'],
    ['5.1.10', 'Null MX'],
    ['4.2.2', 'Mailbox full'],
  ].map(([code, title]) => [code, { code, title }]),
);

describe('exactCodeSearch', () => {
  it('puts the enhanced code before the reply code', () => {
    const r = exactCodeSearch('550 5.1.1', docs);
    expect(r.documented.map((c) => c.code)).toEqual(['5.1.1', '550']);
  });
  it('never confuses 5.1.1 with 5.1.10 and the reverse', () => {
    expect(exactCodeSearch('5.1.1', docs).documented.map((c) => c.code)).toEqual(['5.1.1']);
    expect(exactCodeSearch('5.1.10', docs).documented.map((c) => c.code)).toEqual(['5.1.10']);
    expect(exactCodeSearch('5.11', docs).found).toEqual([]);
  });
  it('keeps the words of a pasted line for full-text search', () => {
    const r = exactCodeSearch('smtp; 550 5.1.1 <a@b.example>: Recipient address rejected: User unknown', docs);
    expect(r.documented.map((c) => c.code)).toEqual(['5.1.1', '550']);
    expect(r.words).toBe('Recipient address rejected User unknown');
  });
  it('reports codes it has no page for', () => {
    expect(exactCodeSearch('599', docs).undocumented).toEqual(['599']);
  });
  it('reads a number in running text as a word unless it leads, has a page or pairs with the enhanced code', () => {
    expect(exactCodeSearch('office 365 5.7.708', docs)).toMatchObject({ found: ['5.7.708'], words: 'office 365' });
    expect(exactCodeSearch('office 365 rejected', docs)).toMatchObject({ found: [], words: 'office 365 rejected' });
    expect(exactCodeSearch('599', docs).found).toEqual(['599']);
    expect(exactCodeSearch('gmail says 550', docs).found).toEqual(['550']);
    expect(exactCodeSearch('421 5.1.1', docs).found).toEqual(['5.1.1']);
  });
  it('passes plain words through', () => {
    expect(exactCodeSearch('rate limit', docs)).toMatchObject({ found: [], words: 'rate limit' });
  });
});

describe('isMalformedCode', () => {
  it.each(['5.11', '51.1', '5.1', '55', '650', '5.1.1.1'])('%s is a near-miss', (q) =>
    expect(isMalformedCode(q)).toBe(true),
  );
  it.each(['5.1.1', '550', 'rate limit', '550 5.1.1', '192.168.0.1 blocked'])('%s is not', (q) =>
    expect(isMalformedCode(q)).toBe(false),
  );
});

describe('buildSearchIndex', () => {
  const provider = {
    id: 'gmail',
    name: 'Gmail',
    kind: 'mailbox',
    domains: ['gmail.com'],
    variants: [
      {
        id: 'gmail-550-5-1-1',
        reply: '550',
        enhanced: '5.1.1',
        pattern: 'does not exist',
        text: 'The email account that you tried to reach does not exist.',
        verdict: 'suppress',
      },
      {
        id: 'gmail-421-4-7-99',
        reply: '421',
        enhanced: '4.7.99',
        pattern: 'try later',
        text: `Try later ${'x'.repeat(300)}`,
        verdict: 'retry',
      },
      { id: 'gmail-599', reply: '599', pattern: 'odd', text: 'Odd reply', verdict: 'retry' },
    ],
  } as unknown as Provider;
  const codes = [
    { code: '421', title: 'Service not available', bounceType: 'soft' as const, verdict: 'retry' as const },
    {
      code: '5.1.1',
      title: 'Bad destination mailbox address',
      bounceType: 'hard' as const,
      verdict: 'suppress' as const,
      decisions: [{}, {}],
      keywords: ['user unknown', 'no such user'],
      summary: 'The address does not exist.',
    },
  ];
  const index = buildSearchIndex(codes, [provider]);

  it('lists every code as [code, title] and maps back to entries', () => {
    expect(index.codes).toEqual([
      ['421', 'Service not available'],
      ['5.1.1', 'Bad destination mailbox address'],
    ]);
    expect(codeMap(index).get('5.1.1')).toEqual({ code: '5.1.1', title: codes[1].title });
  });
  it('carries each code’s type, verdict (depends for a decision table), text count, keywords and summary', () => {
    expect(index.facts).toEqual([
      ['soft', 'retry', 1, '', ''],
      ['hard', 'depends', 1, 'user unknown|no such user', 'The address does not exist.'],
    ]);
    expect(index.providers).toEqual([['gmail', 'Gmail', 'mailbox', ['gmail.com']]]);
  });
  it('carries provider texts with their verdict, cut to a readable length', () => {
    expect(index.variants[0]).toMatchObject({ text: provider.variants[0].text, verdict: 'suppress' });
    expect(index.variants[1].text.length).toBe(160);
    expect(index.variants[1].text.endsWith('…')).toBe(true);
  });
  it('says each provider once; a text points to it by place, and gets its name, kind and URL back', () => {
    expect(index.variants.map((v) => v.p)).toEqual([0, 0, 0]);
    expect(JSON.stringify(index.variants)).not.toContain('Gmail');
    expect(expandVariants(index, '/sub/')[0]).toMatchObject({
      provider: 'Gmail',
      kind: 'mailbox',
      domains: ['gmail.com'],
    });
  });
  it('links each provider text to its code page anchor, else to the provider page', () => {
    expect(expandVariants(index, '/sub/').map((v) => v.url)).toEqual([
      '/sub/codes/5.1.1/#gmail-550-5-1-1',
      '/sub/codes/421/#gmail-421-4-7-99',
      '/sub/providers/gmail/#gmail-599',
    ]);
    expect(index.variants[0]).toMatchObject({ reply: '550', pattern: 'does not exist' });
  });
});

describe('looksLikePastedBounce', () => {
  it('is text with a code and more words, not a code or a few words', () => {
    expect(looksLikePastedBounce('smtp; 550 5.1.1 <a@b.example>: User unknown')).toBe(true);
    expect(looksLikePastedBounce('421 4.7.0 Try again later')).toBe(true);
    expect(looksLikePastedBounce('550 5.1.1')).toBe(false);
    expect(looksLikePastedBounce('mailbox full and over quota')).toBe(false);
  });
});

describe('nearestCodes', () => {
  const all = ['550', '551', '552', '554', '421', '5.1.1', '5.1.2', '5.2.2', '4.2.2', '5.7.1', '5.7.26'];
  it('prefers the same class and second digit for reply codes', () => {
    expect(nearestCodes('559', all, 3)).toEqual(['554', '552', '551']);
  });
  it('prefers the same class and subject for enhanced codes', () => {
    expect(nearestCodes('5.7.99', all, 2)).toEqual(['5.7.26', '5.7.1']);
    expect(nearestCodes('4.9.9', all, 1)).toEqual(['4.2.2']);
  });
  it("puts a subject's catch-all (X.Y.0) first, then the closest detail", () => {
    const codes = ['5.7.0', '5.7.1', '5.7.25', '5.7.26', '5.6.0', '4.7.0', '5.1.0'];
    expect(nearestCodes('5.7.27', codes, 4)).toEqual(['5.7.0', '5.7.26', '5.7.25', '5.7.1']);
    // Then the neighbouring subjects, still in the same class, before another class.
    expect(nearestCodes('5.7.27', codes, 7).slice(4)).toEqual(['5.6.0', '5.1.0', '4.7.0']);
  });
  it('gives an undefined subject the general codes of its class, not a code whose last digit matches', () => {
    const codes = ['5.7.9', '5.7.8', '5.6.9', '5.0.0', '5.1.0', '5.2.0', '5.7.0', '4.0.0', '5.1.1'];
    // 5.7.9 shares only the digit 9 with 5.9.9, which means nothing across subjects.
    expect(nearestCodes('5.9.9', codes, 4)).toEqual(['5.0.0', '5.1.0', '5.2.0', '5.7.0']);
    expect(nearestCodes('5.9.9', codes)).not.toContain('4.0.0');
  });
  it('on the real list, 5.9.9 leads with 5.0.0 and stays in class 5', () => {
    const near = nearestCodes(
      '5.9.9',
      loadDataset('data/codes').map((c) => c.code),
    );
    expect(near[0]).toBe('5.0.0');
    expect(near.every((c) => c.startsWith('5.') && c.endsWith('.0'))).toBe(true);
  });
  it('returns nothing for a non-code', () => {
    expect(nearestCodes('hello', all)).toEqual([]);
  });
});

// A small index whose order each ranking rule decides.
const fixture: SearchIndex = {
  codes: [
    ['450', 'Mailbox unavailable'],
    ['451', 'Local error in processing'],
    ['530', 'Authentication required, or STARTTLS required first'],
    ['5.7.1', 'Delivery not authorized, message refused'],
    ['5.7.30', 'REQUIRETLS support required'],
  ],
  facts: [
    ['soft', 'retry', 1, 'greylisting|greylisted|mailbox busy', 'Retry later; greylisting is the classic cause.'],
    ['soft', 'retry', 6, 'greylisting|local error', 'A passing error on the receiving side.'],
    ['hard', 'fix-sender', 1, 'starttls required|smtp auth required', 'The server wants TLS or a login first.'],
    ['hard', 'depends', 9, 'relay access denied|spamhaus', 'The receiver refused this sender.'],
    ['hard', 'fix-message', 0, 'requiretls|tls required', 'The message asked for REQUIRETLS.'],
  ],
  providers: [
    ['postfix', 'Postfix', 'mta'],
    ['spamhaus', 'Spamhaus', 'blocklist'],
    ['icloud', 'iCloud', 'mailbox', ['icloud.com']],
    ['ms', 'Microsoft', 'mailbox'],
  ],
  variants: [
    {
      id: 'icloud-relay',
      p: 2,
      reply: '554',
      enhanced: '5.7.1',
      pattern: 'relay access denied',
      text: '<a@icloud.com>: Relay access denied',
      verdict: 'fix-sender',
    },
    {
      id: 'postfix-relay',
      p: 0,
      reply: '554',
      enhanced: '5.7.1',
      pattern: 'relay access denied',
      text: '<addr>: Relay access denied',
      verdict: 'fix-sender',
    },
    {
      id: 'ms-708',
      p: 3,
      reply: '550',
      enhanced: '5.7.708',
      pattern: 'traffic not accepted',
      text: 'Access denied, traffic not accepted from this IP',
      verdict: 'fix-sender',
    },
  ],
};
const prepared = prepareIndex(fixture, '/');
const urls = (hits: { url: string }[]) => hits.map((h) => h.url);

describe('searchWords and queryTerms', () => {
  it('lower-cases, drops placeholders and punctuation, stems lightly', () => {
    expect(searchWords('<addr>: Greylisting, Greylisted; STARTTLS addresses')).toEqual([
      'greylist',
      'greylist',
      'starttls',
      'address',
    ]);
    expect(queryTerms('the mailbox is full')).toEqual(['mailbox', 'full']);
  });
});

describe('rankWords', () => {
  it('puts a quoted provider text first, the MTA’s own before a provider running it', () => {
    expect(urls(rankWords('relay access denied', prepared)).slice(0, 3)).toEqual([
      '/codes/5.7.1/#postfix-relay',
      '/codes/5.7.1/#icloud-relay',
      '/codes/5.7.1/',
    ]);
  });
  it('prefers a phrase in a title over an equal keyword ("tls" inside "starttls" counts)', () => {
    expect(urls(rankWords('tls required', prepared))[0]).toBe('/codes/530/');
  });
  it('prefers the page that names the thing in more places over one seen more often', () => {
    expect(urls(rankWords('greylisting', prepared))).toEqual(['/codes/450/', '/codes/451/']);
  });
  it('needs every meaningful word', () => {
    expect(rankWords('greylisting spamhaus', prepared)).toEqual([]);
    expect(rankWords('AS(201806281)', prepared)).toEqual([]);
    expect(rankWords('the', prepared)).toEqual([]);
  });
  it('finds a provider page by its name', () => {
    expect(urls(rankWords('spamhaus', prepared))).toContain('/providers/spamhaus/');
  });
});

describe('codesStartingWith', () => {
  it('lists documented codes that start with what is typed, the exact one first', () => {
    expect(codesStartingWith('45', prepared)).toEqual(['450', '451']);
    expect(codesStartingWith('5.7.', prepared)).toEqual(['5.7.1', '5.7.30']);
    expect(codesStartingWith('530', prepared)).toEqual(['530']);
    expect(codesStartingWith('mail', prepared)).toEqual([]);
  });
});

describe('searchLocal', () => {
  it('answers an exact code with its page, verdict and type', () => {
    const r = searchLocal('530', prepared);
    expect(r.codes).toMatchObject([{ url: '/codes/530/', verdict: 'fix-sender', bounceType: 'hard' }]);
  });
  it('reads a half-typed code as a code, not as the words "5" and "7"', () => {
    const r = searchLocal('5.7', prepared, 8, true);
    expect(r.texts).toEqual([]);
    expect(r.pages).toEqual([]);
  });
  it('suggests the longer codes a typed code starts only while typing', () => {
    expect(urls(searchLocal('5.7.3', prepared).codes)).toEqual(['/codes/5.7.30/']);
    expect(urls(searchLocal('5.7.1', prepared).codes)).toEqual(['/codes/5.7.1/']);
    expect(urls(searchLocal('5.7.', prepared, 8, true).codes)).toEqual(['/codes/5.7.1/', '/codes/5.7.30/']);
  });
  it('answers an undocumented code with the provider text that carries it', () => {
    const r = searchLocal('office 365 5.7.708', prepared);
    expect(r.codes).toEqual([]);
    expect(urls(r.texts)).toEqual(['/providers/ms/#ms-708']);
  });
  it('finds the provider text a pasted reply is, with the shared matcher', () => {
    const r = searchLocal('554 5.7.1 <jane@example.org>: Relay access denied, sorry', prepared);
    expect(urls(r.codes)).toEqual(['/codes/5.7.1/']);
    expect(urls(r.texts)[0]).toBe('/codes/5.7.1/#postfix-relay');
  });
  it('keeps texts apart from pages', () => {
    const r = searchLocal('relay access denied', prepared);
    expect(urls(r.texts)).toEqual(['/codes/5.7.1/#postfix-relay', '/codes/5.7.1/#icloud-relay']);
    expect(urls(r.pages)).toEqual(['/codes/5.7.1/']);
  });
});

describe('bestSentence', () => {
  const content =
    'Also reported as: "greylisted", "greylisting", "postgrey", "mailbox busy". ' +
    'The best-known use is greylisting: the receiver defers the first attempt from an unknown sender. ' +
    'Retry later.';
  it('picks the sentence that says something over a keyword list, and marks the words', () => {
    const e = bestSentence(content, 'greylisting');
    expect(e.parts.map((p) => p.text).join('')).toBe(
      'The best-known use is greylisting: the receiver defers the first attempt from an unknown sender.',
    );
    expect(e.parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['greylisting']);
    expect(e).toMatchObject({ matched: 1, terms: 1 });
  });
  it('counts terms the content lacks', () => {
    expect(bestSentence(content, 'greylisting spamhaus')).toMatchObject({ matched: 1, terms: 2 });
  });
  it('cuts a long sentence around its first match', () => {
    const long = `${'word '.repeat(100)}greylisting ${'more '.repeat(100)}.`;
    const text = bestSentence(long, 'greylisting', 100)
      .parts.map((p) => p.text)
      .join('');
    expect(text.length).toBeLessThanOrEqual(102);
    expect(text).toContain('greylisting');
    expect(text.startsWith('…')).toBe(true);
  });
});

describe('countText', () => {
  it('never calls a cut list complete', () => {
    expect(countText(8, 37, 'mail')).toBe('Showing 8 of 37 results for “mail”.');
    expect(countText(3, 3, 'x')).toBe('3 results for “x”.');
    expect(countText(1, 1, 'x')).toBe('1 result for “x”.');
    expect(countText(0, 0, 'x')).toBe('No results for “x”.');
  });
});

describe('routeQuery', () => {
  it('sends a code typed alone to its page, the most specific one first', () => {
    expect(routeQuery('530', '/', prepared)).toBe('/codes/530/');
    expect(routeQuery(' 530 5.7.1 ', '/b/', prepared)).toBe('/b/codes/5.7.1/');
  });
  it('sends a pasted bounce to the analyzer in the fragment, never in ?q=', () => {
    expect(routeQuery('554 5.7.1 <a@b.example>: Relay access denied', '/', prepared)).toBe(
      '/analyze/#554%205.7.1%20%3Ca%40b.example%3E%3A%20Relay%20access%20denied',
    );
  });
  it('sends words, undocumented codes and codes before the index arrives to the search page', () => {
    expect(routeQuery('relay access', '/', prepared)).toBe('/search/?q=relay%20access');
    expect(routeQuery('599', '/', prepared)).toBe('/search/?q=599');
    expect(routeQuery('530', '/')).toBe('/search/?q=530');
  });
});

describe('codeOfPageUrl', () => {
  it('finds the code of a code page, under any base, and nothing for other pages', () => {
    expect(codeOfPageUrl('/codes/5.7.1/', prepared)?.code).toBe('5.7.1');
    expect(codeOfPageUrl('/sub/codes/451/', prepared)?.verdict).toBe('retry');
    expect(codeOfPageUrl('/codes/5.7.1/#postfix-relay', prepared)).toBeUndefined();
    expect(codeOfPageUrl('/providers/ms/', prepared)).toBeUndefined();
    expect(codeOfPageUrl('/codes/9.9.9/', prepared)).toBeUndefined();
  });
});
