import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { staleReason } from '../../bin/install-if-needed.mjs';

const lock = {
  packages: {
    '': { name: 'site' },
    'node_modules/astro': { version: '7.3.5' },
    'node_modules/pagefind-linux': { version: '1.6.0', optional: true },
  },
};

describe('staleReason', () => {
  it('is empty when the installed tree matches the lock', () => {
    expect(staleReason(lock, { packages: { 'node_modules/astro': { version: '7.3.5' } } })).toBe('');
  });
  it('names what is missing, different or extra', () => {
    expect(staleReason(lock, undefined)).toBe('node_modules is missing');
    expect(staleReason(lock, { packages: {} })).toBe('node_modules/astro is not installed');
    expect(staleReason(lock, { packages: { 'node_modules/astro': { version: '7.2.0' } } })).toBe(
      'node_modules/astro is 7.2.0, the lock says 7.3.5',
    );
    expect(
      staleReason(lock, {
        packages: { 'node_modules/astro': { version: '7.3.5' }, 'node_modules/left-pad': { version: '1.0.0' } },
      }),
    ).toBe('node_modules/left-pad is not in the lock');
  });
  it('finds this work tree up to date (npm test would not reinstall)', () => {
    const read = (p: string) => JSON.parse(readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8'));
    expect(staleReason(read('package-lock.json'), read('node_modules/.package-lock.json'))).toBe('');
  });
});
