import { defineConfig } from 'vitest/config';

// Unit tests only: Playwright specs live in tests/e2e and must not be picked up here.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/unit/**/*.test.ts'],
    // Several tests validate the whole dataset (about 1 s alone, 6 s measured at load average 35
    // on the shared 2-core machine), so 5 s per test is too tight there; 30 s still catches a hang.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
