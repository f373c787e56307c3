import { describe, expect, it } from 'vitest';
import { categories, categoryPath } from '../../src/lib/categories';

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
