// What the command-line analyzer knows, prepared once: parsing and validating the YAML dataset
// takes far longer than analysing a bounce, so the result is kept as JSON in
// node_modules/.cache/bounce-analyzer/, keyed on a hash of the data files and of the code that
// reads them. Any edit to either makes a new key; the YAML is read only then. The file keeps a stamp
// of those files (bin/source-files.mjs): while it holds, a start-up hashes nothing.
import type { ReadyKnowledge } from '../src/lib/analyzer.ts';
import { stampedKey, takeSharedLooks } from './source-files.mjs';

// (Built-in modules through process.getBuiltinModule: see bin/analyze.mjs.)
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } =
  process.getBuiltinModule('node:fs');
const { join, relative } = process.getBuiltinModule('node:path');

/**
 * The files whose content decides the knowledge: the data, and all the code that may turn it into
 * knowledge (the loaders import widely across src/lib, so listing a few files would miss an edit).
 */
export function knowledgeKey(root: string): string {
  return stamped(root).key;
}

/**
 * The key, and a stamp of the files to keep with the knowledge: while it holds, so does the key.
 * `seen`: looks the command line's launcher took in this run (takeSharedLooks).
 */
function stamped(root: string, kept?: Stamp, seen?: Map<string, string>) {
  return stampedKey(
    root,
    [
      [['data'], /\.ya?ml$/],
      [['src/lib', 'src/schemas'], /\.ts$/],
    ],
    ['bin/knowledge.ts'],
    '',
    24,
    kept,
    seen,
  );
}
type Stamp = ReturnType<typeof stampedKey>['stamp'];

/** The cache file: the knowledge, and the stamp of the files it was made from. */
interface CacheFile {
  stamp?: Stamp;
  knowledge: ReadyKnowledge;
}

export interface LoadedKnowledge {
  knowledge: ReadyKnowledge;
  /** True when it came from the cache, false when the YAML was read (and the cache written). */
  cached: boolean;
  /** False when a stamp kept with the cache showed no file changed, so none was read. */
  hashed: boolean;
}

/** The knowledge for the dataset under root; throws DataError (file, record, field) on bad data. */
export async function loadKnowledge(
  root: string,
  cacheDir = process.env.ANALYZE_CACHE_DIR || join(root, 'node_modules/.cache/bounce-analyzer'),
): Promise<LoadedKnowledge> {
  // The one knowledge file kept; its stamp, while it holds, spares hashing the files.
  let last: { name: string; content: CacheFile } | undefined;
  try {
    const name = readdirSync(cacheDir).find((n) => KNOWLEDGE_FILE.test(n));
    const content = name && (JSON.parse(readFileSync(join(cacheDir, name), 'utf8')) as CacheFile);
    if (name && content && content.knowledge) last = { name, content };
  } catch {
    // not there yet, or unreadable: build it
  }
  const { key, stamp, reused } = stamped(root, last?.content.stamp, takeSharedLooks());
  const file = join(cacheDir, `knowledge-${key}.json`);
  if (last?.name === `knowledge-${key}.json`) {
    // Same contents; new looks (a checkout, a touch) get a new stamp, so the next run hashes nothing.
    if (!reused && stamp) write(file, { stamp, knowledge: last.content.knowledge }, root, cacheDir);
    return { knowledge: last.content.knowledge, cached: true, hashed: !reused };
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
  write(file, { stamp, knowledge }, root, cacheDir);
  return { knowledge, cached: false, hashed: true };
}

const KNOWLEDGE_FILE = /^knowledge-.*\.json$/;

function write(file: string, content: CacheFile, root: string, cacheDir: string): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    for (const old of readdirSync(cacheDir))
      if (KNOWLEDGE_FILE.test(old) && statSync(join(cacheDir, old)).isFile()) rmSync(join(cacheDir, old));
    // Write then rename, so a concurrent run never reads half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    // Written as ASCII (other characters as \u escapes): the file then reads ~2x faster at start-up.
    writeFileSync(
      tmp,
      JSON.stringify(content).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
    renameSync(tmp, file);
  } catch (err) {
    // A read-only checkout still works, only slower.
    process.stderr.write(
      `analyze: note: knowledge not cached in ${relative(root, cacheDir)}: ${(err as Error).message}\n`,
    );
  }
}
