import { defineConfig } from 'vitest/config';

// Unit tests only: Playwright specs live in tests/e2e and must not be picked up here.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/unit/**/*.test.ts'],
  },
});
