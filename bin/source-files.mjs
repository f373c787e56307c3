// The files whose content keys the command line's caches (bin/analyze.mjs's bundle, bin/knowledge.ts's
// prepared data): listed under some folders of the project, sorted, and hashed with their names.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Paths (relative to root) of the files under `dirs` whose names match `keep`; a missing folder lists nothing. */
export function filesUnder(root, dirs, keep) {
  return dirs.flatMap((dir) => {
    let names;
    try {
      names = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' });
    } catch {
      return [];
    }
    return names
      .filter((n) => keep.test(n))
      .map((n) => join(dir, n))
      .sort();
  });
}

/** A short hex key over the files' names and contents (and `salt`): any edit makes a new key. */
export function contentKey(root, files, salt = '', length = 16) {
  const hash = createHash('sha256').update(salt);
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
