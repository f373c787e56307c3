#!/usr/bin/env node
// Starts the command-line analyzer (bin/analyze.ts) fast. Loading TypeScript through Node's type
// stripping costs more than the 150 ms start-up budget, so the CLI runs from a JavaScript bundle
// of bin/analyze.ts and what it imports, built with esbuild on first use and kept in
// node_modules/.cache/bounce-analyzer/, keyed on a hash of the sources: any edit makes a new one.
// The bundle's folder keeps a stamp of the sources (bin/source-files.mjs), so a start-up re-reads
// them only when one looks changed.
// Without esbuild it runs the TypeScript directly (slower start, same result).
import { openSharedLooks, stampedKey } from './source-files.mjs';

// Built-in modules through process.getBuiltinModule: an ESM import of node:fs also loads
// fs/promises, the stream classes and readline (~15 modules the CLI never uses), a start-up cost.
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } =
  process.getBuiltinModule('node:fs');
const { join } = process.getBuiltinModule('node:path');
const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');

const root = fileURLToPath(new URL('..', import.meta.url));
// ANALYZE_CACHE_DIR: another place for the cache (the tests start from an empty one).
const cache = process.env.ANALYZE_CACHE_DIR || join(root, 'node_modules/.cache/bounce-analyzer');

const STAMP = 'sources.json';

/** The key of every source the bundle can hold (the CLI and what it imports from src/lib and src/schemas). */
function sourceKey() {
  let kept;
  try {
    const last = readdirSync(cache).find((n) => n.startsWith('cli-') && !n.endsWith('.tmp'));
    if (last) kept = JSON.parse(readFileSync(join(cache, last, STAMP), 'utf8'));
  } catch {
    // no cache yet, or no stamp: hash the sources
  }
  // The looks taken here are shared with the knowledge loader, whose stamp lists src/lib and src/schemas too.
  return stampedKey(
    root,
    [[['bin', 'src/lib', 'src/schemas'], /\.(?:ts|mjs)$/]],
    [],
    process.version,
    16,
    kept,
    openSharedLooks(),
  );
}

async function bundle(dir) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return false;
  }
  const tmp = `${dir}.${process.pid}.tmp`;
  // Code splitting keeps the YAML parser and the schemas (needed only to rebuild the knowledge)
  // out of the file every run loads.
  await esbuild.build({
    entryPoints: [join(root, 'bin/analyze.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outdir: tmp,
    // .mjs: Node knows the format from the name, without looking for a package.json above it.
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
    // Without comments the bundle is plain ASCII (esbuild escapes any other character in the code,
    // but kept comments' "→" and "…"): Node then reads it as one-byte text, and V8 has ~40% less to
    // scan. Names are kept, so a stack trace (ANALYZE_DEBUG=1) still reads.
    minifyWhitespace: true,
    charset: 'ascii',
    // The YAML parser and Zod are CommonJS inside: give the ES module bundle a require().
    banner: { js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);" },
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'bin/analyze.ts')).href) },
  });
  for (const old of readdirSync(cache))
    if (old.startsWith('cli-') && !old.endsWith('.tmp')) rmSync(join(cache, old), { recursive: true, force: true });
  renameSync(tmp, dir);
  return true;
}

let entry = join(root, 'bin/analyze.ts');
try {
  mkdirSync(cache, { recursive: true });
  const { key, stamp, reused } = sourceKey();
  const dir = join(cache, `cli-${key}`);
  if (existsSync(join(dir, 'analyze.mjs')) || (await bundle(dir))) {
    entry = join(dir, 'analyze.mjs');
    if (stamp && !reused) writeFileSync(join(dir, STAMP), JSON.stringify(stamp));
  }
} catch (err) {
  // a read-only checkout or a failed bundle: run the TypeScript itself
  if (process.env.ANALYZE_DEBUG) console.error(err);
}
await import(pathToFileURL(entry).href);
