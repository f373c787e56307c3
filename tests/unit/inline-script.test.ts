import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { minifyScript } from '../../src/lib/inline-script';

describe('minifyScript', () => {
  it('strips types, comments and whitespace and keeps the behaviour', () => {
    const source = `// a comment\n(() => {\n  const answer: number = 6 * 7;\n  (globalThis as { out?: number }).out = answer;\n})();\n`;
    const code = minifyScript(source);
    expect(code).not.toMatch(/comment|: number|\n/);
    const scope: { out?: number } = {};
    new Function('globalThis', code)(scope);
    expect(scope.out).toBe(42);
  });

  it('makes the theme script small enough to inline in every page', () => {
    const source = readFileSync(new URL('../../src/scripts/theme.ts', import.meta.url), 'utf8');
    const code = minifyScript(source);
    expect(code.length).toBeLessThan(source.length / 2);
    expect(code).toContain('localStorage.getItem("theme")');
  });

  it('fails loudly on a syntax error rather than shipping broken code', () => {
    expect(() => minifyScript('const = ;')).toThrow();
  });
});
