// Browser code that must run inline (before the first paint, or without a request), minified at
// build time: the build does not minify inline scripts, and every byte counts on a code page.
import { transformSync } from 'esbuild';

const cache = new Map<string, string>();

/** Minified JavaScript for a TypeScript source; the same source is transformed once per build. */
export function minifyScript(source: string): string {
  let code = cache.get(source);
  if (code === undefined) {
    code = transformSync(source, { loader: 'ts', minify: true, target: 'es2020' }).code.trim();
    cache.set(source, code);
  }
  return code;
}
