// What the command-line analyzer knows, prepared once: parsing and validating the YAML dataset
// takes far longer than analysing a bounce, so the result is kept as JSON in
// node_modules/.cache/bounce-analyzer/, keyed on a hash of the data files and of the code that
// reads them. Any edit to either makes a new key; the YAML is read only then.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ReadyKnowledge } from '../src/lib/analyzer.ts';
import { contentKey, filesUnder } from './source-files.mjs';

/**
 * The files whose content decides the knowledge: the data, and all the code that may turn it into
 * knowledge (the loaders import widely across src/lib, so listing a few files would miss an edit).
 */
export function knowledgeKey(root: string): string {
  const files = [
    ...filesUnder(root, ['data'], /\.ya?ml$/),
    ...filesUnder(root, ['src/lib', 'src/schemas'], /\.ts$/),
    'bin/knowledge.ts',
  ];
  return contentKey(root, files, '', 24);
}

export interface LoadedKnowledge {
  knowledge: ReadyKnowledge;
  /** True when it came from the cache, false when the YAML was read (and the cache written). */
  cached: boolean;
}

/** The knowledge for the dataset under root; throws DataError (file, record, field) on bad data. */
export async function loadKnowledge(
  root: string,
  cacheDir = process.env.ANALYZE_CACHE_DIR || join(root, 'node_modules/.cache/bounce-analyzer'),
): Promise<LoadedKnowledge> {
  const file = join(cacheDir, `knowledge-${knowledgeKey(root)}.json`);
  try {
    return { knowledge: JSON.parse(readFileSync(file, 'utf8')) as ReadyKnowledge, cached: true };
  } catch {
    // not there yet, or unreadable: build it
  }
  // Loaded only on a miss: the YAML parser, the schemas and the pattern checker (recheck, which
  // starts a worker and a native binary) are most of the start-up time. Imported from the source
  // by a computed URL, so the CLI's bundle (bin/analyze.mjs) leaves them out and Node loads them
  // from the project, where their own files are.
  const source = (path: string) => import(new URL(path, import.meta.url).href);
  const [{ buildKnowledge, withPatternFacts }, { loadDataset }, { loadProviders }, { loadReasons }] =
    (await Promise.all([
      source('../src/lib/analyzer.ts'),
      source('../src/lib/dataset.ts'),
      source('../src/lib/providers.ts'),
      source('../src/lib/reasons.ts'),
    ])) as [
      typeof import('../src/lib/analyzer.ts'),
      typeof import('../src/lib/dataset.ts'),
      typeof import('../src/lib/providers.ts'),
      typeof import('../src/lib/reasons.ts'),
    ];
  const knowledge = withPatternFacts(
    buildKnowledge(
      loadDataset(join(root, 'data/codes'), root),
      loadProviders(join(root, 'data/providers'), root),
      loadReasons(join(root, 'data/reasons.yaml'), join(root, 'data/tools')),
    ),
  );
  try {
    mkdirSync(cacheDir, { recursive: true });
    for (const old of readdirSync(cacheDir))
      if (/^knowledge-.*\.json$/.test(old) && statSync(join(cacheDir, old)).isFile()) rmSync(join(cacheDir, old));
    // Write then rename, so a concurrent run never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(knowledge));
    renameSync(tmp, file);
  } catch (err) {
    // A read-only checkout still works, only slower.
    process.stderr.write(
      `analyze: note: knowledge not cached in ${relative(root, cacheDir)}: ${(err as Error).message}\n`,
    );
  }
  return { knowledge, cached: false };
}
