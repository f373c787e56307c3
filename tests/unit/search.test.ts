import { describe, expect, it } from 'vitest';
import {
  buildSearchIndex,
  codeMap,
  exactCodeSearch,
  isMalformedCode,
  looksLikePastedBounce,
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
    variants: [
      { id: 'gmail-550-5-1-1', reply: '550', enhanced: '5.1.1', pattern: 'does not exist' },
      { id: 'gmail-421-4-7-99', reply: '421', enhanced: '4.7.99', pattern: 'try later' },
      { id: 'gmail-599', reply: '599', pattern: 'odd' },
    ],
  } as unknown as Provider;
  const codes = [
    { code: '421', title: 'Service not available' },
    { code: '5.1.1', title: 'Bad destination mailbox address' },
  ];
  const index = buildSearchIndex(codes, [provider], '/sub/');

  it('lists every code as [code, title] and maps back to entries', () => {
    expect(index.codes).toEqual([
      ['421', 'Service not available'],
      ['5.1.1', 'Bad destination mailbox address'],
    ]);
    expect(codeMap(index).get('5.1.1')).toEqual(codes[1]);
  });
  it('links each provider text to its code page anchor, else to the provider page', () => {
    expect(index.variants.map((v) => v.url)).toEqual([
      '/sub/codes/5.1.1/#gmail-550-5-1-1',
      '/sub/codes/421/#gmail-421-4-7-99',
      '/sub/providers/gmail/#gmail-599',
    ]);
    expect(index.variants[0]).toMatchObject({ provider: 'Gmail', reply: '550', pattern: 'does not exist' });
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
