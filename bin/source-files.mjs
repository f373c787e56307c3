// The files whose content keys the command line's caches (bin/analyze.mjs's bundle, bin/knowledge.ts's
// prepared data): listed under some folders of the project, sorted, and hashed with their names.
// Hashing them all costs more than the rest of a start-up, so a cache entry keeps a stamp of what
// the files looked like (sizes, times, inodes, and the folders' own times, which change when a file
// is added, removed or renamed in them): while the stamp holds, the key it records holds too.
// (Built-in modules through process.getBuiltinModule: see bin/analyze.mjs.)
const { readdirSync, readFileSync, statSync } = process.getBuiltinModule('node:fs');
const { join } = process.getBuiltinModule('node:path');

/** root/path by plain concatenation: path.join normalises each path in JavaScript, ~10 ms for a stamp's 200 paths. */
const under = (root, path) => (root.endsWith('/') || root.endsWith('\\') ? root + path : `${root}/${path}`);

/** The files and folders under `dirs` (relative to root), files kept when their names match `keep`. */
function walk(root, dirs, keep) {
  const files = [];
  const folders = [];
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      folders.push(dir); // a missing folder lists nothing; its stamp says so
      return;
    }
    folders.push(dir);
    for (const e of entries) {
      const rel = join(dir, e.name);
      if (e.isDirectory()) visit(rel);
      else if (keep.test(e.name)) files.push(rel);
    }
  };
  for (const dir of dirs) visit(dir);
  return { files: files.sort(), folders };
}

/** Paths (relative to root) of the files under `dirs` whose names match `keep`; a missing folder lists nothing. */
export function filesUnder(root, dirs, keep) {
  return dirs.flatMap((dir) => walk(root, [dir], keep).files);
}

/** A short hex key over the files' names and contents (and `salt`): any edit makes a new key. */
export function contentKey(root, files, salt = '', length = 16) {
  // Loaded only when a key is computed: node:crypto costs ~15 ms of a start-up whose stamp holds.
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256').update(salt);
  for (const f of files) {
    let text;
    try {
      text = readFileSync(join(root, f));
    } catch {
      continue; // listed but gone (or a folder whose name matched): it decides nothing
    }
    hash.update(`${f}\0${text.length}\0`).update(text);
  }
  return hash.digest('hex').slice(0, length);
}

/** How old (ms) every file must be for a stamp to be kept; the tests lower it rather than wait. */
export const settings = { settleMs: 2000 };

/**
 * What a file or folder looks like now, in one string ('' when it is not there). Times in
 * milliseconds with their fraction (to a fraction of a microsecond): a BigInt stat in nanoseconds
 * cost more, ~200 times a start-up. `seen`: looks already taken in this run, by path.
 */
function look(root, path, seen) {
  const full = under(root, path);
  let l = seen?.get(full);
  if (l === undefined) {
    const s = statSync(full, { throwIfNoEntry: false });
    l = s ? `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}` : '';
    seen?.set(full, l);
  }
  return l;
}

/**
 * Looks taken during one start-up of the command line, shared by the launcher (bin/analyze.mjs)
 * and the bundle it starts, which holds its own copy of this module (hence a global slot): the
 * files both stamps list (src/lib, src/schemas) are looked at once a run. The launcher opens it;
 * the knowledge loader takes it and closes it, so any later call (a test, a long-lived process)
 * looks afresh.
 */
const SHARED = Symbol.for('bounce-analyzer.start-up-looks');
export function openSharedLooks() {
  return (globalThis[SHARED] = new Map());
}
export function takeSharedLooks() {
  const seen = globalThis[SHARED];
  delete globalThis[SHARED];
  return seen;
}

/**
 * The content key of the files under `groups` ([folders, name pattern] pairs) and `extra` files,
 * with a stamp to keep beside whatever the key names. Pass the stamp kept last time: while every
 * file and folder it lists looks the same, its key is returned without reading a file.
 * `seen`: looks already taken in this run (openSharedLooks), by path.
 * `stamp` is undefined when a file changed too recently to trust its times (written within the last
 * settings.settleMs: on a file system with coarse times a second edit could keep them), so it is not kept.
 */
export function stampedKey(root, groups, extra, salt, length, kept, seen) {
  if (kept?.salt === salt && kept.looks?.every(([path, was]) => look(root, path, seen) === was))
    return { key: kept.key, stamp: kept, reused: true };
  const files = [];
  const folders = [];
  for (const [dirs, keep] of groups) {
    const w = walk(root, dirs, keep);
    files.push(...w.files);
    folders.push(...w.folders);
  }
  files.push(...extra);
  // Looked at before the contents are read: an edit in between shows as a changed look next time.
  const looks = [...folders, ...files].map((p) => [p, look(root, p, seen)]);
  const key = contentKey(root, files, salt, length);
  const recent = Date.now() - settings.settleMs;
  const settled = looks.every(([, l]) => !l || Number(l.split(':')[3]) < recent);
  return { key, stamp: settled ? { salt, key, looks } : undefined, reused: false };
}
