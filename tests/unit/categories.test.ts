import { describe, expect, it } from 'vitest';
import { categories, categoryPath, mostSeen } from '../../src/lib/categories';

const bySlug = new Map(categories().map((c) => [c.slug, c]));

describe('categories', () => {
  it('has class, subject and bounce-type tables', () => {
    expect([...bySlug.keys()]).toEqual([
      '2xx',
      '3xx',
      '4xx',
      '5xx',
      'x.0',
      'x.1',
      'x.2',
      'x.3',
      'x.4',
      'x.5',
      'x.6',
      'x.7',
      'hard',
      'soft',
      'info',
    ]);
  });
  it('puts reply and enhanced codes of a class together', () => {
    const c = bySlug.get('4xx')!;
    expect(c.includes('421', 'soft')).toBe(true);
    expect(c.includes('4.2.2', 'soft')).toBe(true);
    expect(c.includes('550', 'hard')).toBe(false);
  });
  it('files enhanced codes by subject, and bounce types by type', () => {
    expect(bySlug.get('x.1')!.includes('5.1.10', 'hard')).toBe(true);
    expect(bySlug.get('x.1')!.includes('5.10.1', 'hard')).toBe(false);
    expect(bySlug.get('x.1')!.includes('511', 'hard')).toBe(false);
    expect(bySlug.get('soft')!.includes('5.2.2', 'soft')).toBe(true);
  });
  it('builds paths', () => expect(categoryPath('x.7')).toBe('categories/x.7/'));
});

describe('mostSeen', () => {
  const codes = ['421', '450', '550', '5.1.1', '5.7.1'].map((code) => ({ code }));
  const texts: Record<string, number> = { '550': 3, '5.7.1': 5, '421': 1, '5.1.1': 3 };
  it('keeps the codes with the most provider texts, shown in code order', () => {
    expect(mostSeen(codes, (c) => texts[c] ?? 0, 3).map((c) => c.code)).toEqual(['550', '5.1.1', '5.7.1']);
  });
  it('leaves out codes no provider text uses, and never exceeds the limit', () => {
    expect(mostSeen(codes, (c) => texts[c] ?? 0, 10).map((c) => c.code)).toEqual(['421', '550', '5.1.1', '5.7.1']);
    expect(mostSeen(codes, () => 0, 10)).toEqual([]);
  });
});
