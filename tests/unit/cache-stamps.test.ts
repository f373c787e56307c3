// The command line's caches skip hashing their sources while a kept stamp says no file changed
// (bin/source-files.mjs). Speed only: an edit must still reach the next run, even one that keeps
// the file's size and modification time, and a file added or removed anywhere under the folders.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bin/knowledge';
import {
  contentKey,
  filesUnder,
  openSharedLooks,
  settings,
  stampedKey,
  takeSharedLooks,
} from '../../bin/source-files.mjs';

const root = mkdtempSync(join(tmpdir(), 'stamps-'));
const settle = settings.settleMs;
/**
 * The files here are all new: trust their times at once instead of waiting. Below zero, because a
 * file written in this very millisecond has a change time with a fraction that Date.now() drops
 * (1000.4 is not below 1000): at zero the stamp was refused now and then on a fast run.
 */
const AT_ONCE = -1000;
beforeAll(() => {
  settings.settleMs = AT_ONCE;
});
afterAll(() => {
  settings.settleMs = settle;
  rmSync(root, { recursive: true, force: true });
});

/** A whole second as the modification time, so it can be put back exactly. */
const SECOND = 1_700_000_000;
const roundTime = (path: string) => utimesSync(path, SECOND, SECOND);

/** Rewrite a file (given a round time before) with the same size and modification time: only its change time tells. */
function sneakyEdit(path: string, edit: (s: string) => string) {
  const before = statSync(path);
  expect(before.mtimeMs).toBe(SECOND * 1000);
  const text = readFileSync(path, 'utf8');
  const changed = edit(text);
  expect(changed).not.toBe(text);
  expect(changed.length).toBe(text.length);
  writeFileSync(path, changed);
  roundTime(path);
  expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
}

describe('stampedKey', () => {
  const tree = join(root, 'tree');
  const key = (kept?: ReturnType<typeof stampedKey>['stamp']) =>
    stampedKey(tree, [[['a', 'missing'], /\.ts$/]], ['extra.txt'], 'salt', 16, kept);
  mkdirSync(join(tree, 'a/b'), { recursive: true });
  writeFileSync(join(tree, 'a/one.ts'), 'one');
  writeFileSync(join(tree, 'a/b/two.ts'), 'two');
  writeFileSync(join(tree, 'extra.txt'), 'extra');

  it('is the content key, and is reused while the stamp holds', () => {
    const first = key();
    expect(first.key).toBe(contentKey(tree, [...filesUnder(tree, ['a'], /\.ts$/), 'extra.txt'], 'salt', 16));
    expect(first.reused).toBe(false);
    const again = key(first.stamp);
    expect(again).toMatchObject({ key: first.key, reused: true });
  });

  it('sees an edit that keeps size and modification time', () => {
    roundTime(join(tree, 'a/b/two.ts'));
    const before = key();
    sneakyEdit(join(tree, 'a/b/two.ts'), () => 'TWO');
    const after = key(before.stamp);
    expect(after.reused).toBe(false);
    expect(after.key).not.toBe(before.key);
  });

  it('sees a file added or removed deep down, and a folder that appears', () => {
    let last = key();
    for (const change of [
      () => writeFileSync(join(tree, 'a/b/three.ts'), 'three'),
      () => rmSync(join(tree, 'a/b/three.ts')),
      () => mkdirSync(join(tree, 'missing')),
      () => writeFileSync(join(tree, 'missing/four.ts'), 'four'),
    ]) {
      change();
      const now = key(last.stamp);
      expect(now.reused).toBe(false);
      last = now;
    }
  });

  it('takes a look already taken in this run from `seen` instead of the file, and records the ones it takes', () => {
    const stamp = key().stamp!;
    const seen = new Map<string, string>();
    expect(stampedKey(tree, [[['a', 'missing'], /\.ts$/]], ['extra.txt'], 'salt', 16, stamp, seen).reused).toBe(true);
    // every path the stamp lists was looked at once, and kept
    expect([...seen.keys()].sort()).toEqual(stamp.looks.map(([p]: [string, string]) => join(tree, p)).sort());
    // a look taken earlier in the run that differs from the stamp's: the stamp does not hold
    seen.set(join(tree, 'a/one.ts'), 'looked different');
    expect(stampedKey(tree, [[['a', 'missing'], /\.ts$/]], ['extra.txt'], 'salt', 16, stamp, seen).reused).toBe(false);
  });

  it('keeps no stamp while a file is too new to trust its times', () => {
    settings.settleMs = 60_000;
    try {
      expect(key().stamp).toBeUndefined();
    } finally {
      settings.settleMs = AT_ONCE;
    }
  });
});

describe('the knowledge cache with stamps', () => {
  it(
    'hashes nothing while the stamp holds, and rebuilds after a same-size, same-time edit',
    { timeout: 60_000 },
    async () => {
      cpSync('data', join(root, 'data'), { recursive: true });
      const cache = join(root, 'cache');
      roundTime(join(root, 'data/providers/gmail.yaml'));
      const first = await loadKnowledge(root, cache);
      expect(first).toMatchObject({ cached: false, hashed: true });
      const second = await loadKnowledge(root, cache);
      expect(second).toMatchObject({ cached: true, hashed: false });
      expect(second.knowledge).toEqual(first.knowledge);

      const gmail = join(root, 'data/providers/gmail.yaml');
      sneakyEdit(gmail, (s) =>
        s.replace(/(meaning: \S*?)[a-z]/, (m, head: string) => `${head}${m.endsWith('x') ? 'y' : 'x'}`),
      );
      const third = await loadKnowledge(root, cache);
      expect(third.cached).toBe(false);
      expect(third.knowledge).not.toEqual(first.knowledge);
      expect((await loadKnowledge(root, cache)).cached).toBe(true);

      // The launcher's looks (bin/analyze.mjs) are taken by the next load only: one start-up's worth.
      const seen = openSharedLooks();
      seen.set(join(root, 'data/providers/gmail.yaml'), 'looked different when the launcher looked');
      expect(await loadKnowledge(root, cache)).toMatchObject({ cached: true, hashed: true });
      expect(takeSharedLooks()).toBeUndefined();
      // then each call looks afresh: an edit made now is seen
      sneakyEdit(gmail, (s) =>
        s.replace(/(meaning: \S*?)[a-z]/, (m, head: string) => `${head}${m.endsWith('x') ? 'y' : 'x'}`),
      );
      expect((await loadKnowledge(root, cache)).cached).toBe(false);
    },
  );
});
