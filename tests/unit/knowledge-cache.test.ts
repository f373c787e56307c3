import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knowledgeKey, loadKnowledge } from '../../bin/knowledge';

const root = mkdtempSync(join(tmpdir(), 'knowledge-'));
cpSync('data', join(root, 'data'), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the command line’s prepared knowledge', () => {
  it('reads the YAML once, then the cache, and again after a data file changes', { timeout: 60_000 }, async () => {
    const cache = join(root, 'cache');
    const first = await loadKnowledge(root, cache);
    expect(first.cached).toBe(false);
    expect(Object.keys(first.knowledge.codes)).toContain('5.1.1');
    expect(first.knowledge.variants.length).toBeGreaterThan(100);
    const second = await loadKnowledge(root, cache);
    expect(second.cached).toBe(true);
    expect(second.knowledge).toEqual(first.knowledge);

    const key = knowledgeKey(root);
    appendFileSync(join(root, 'data/providers/gmail.yaml'), '\n# an edit\n');
    expect(knowledgeKey(root)).not.toBe(key);
    expect((await loadKnowledge(root, cache)).cached).toBe(false);
    // The stale file is removed: one cache file at a time.
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });

  it('takes a new key after an edit to any code that reads the data, not only the analyzer', () => {
    // The YAML loader is one of the files the old, hand-made list left out.
    cpSync('src/lib/yaml-data.ts', join(root, 'src/lib/yaml-data.ts'));
    const key = knowledgeKey(root);
    appendFileSync(join(root, 'src/lib/yaml-data.ts'), '\n// an edit\n');
    expect(knowledgeKey(root)).not.toBe(key);
  });

  it('fails on bad data with the file named, as the build does', async () => {
    appendFileSync(join(root, 'data/providers/gmail.yaml'), '\n  - id: broken\n');
    await expect(loadKnowledge(root, join(root, 'cache2'))).rejects.toThrow(/data\/providers\/gmail\.yaml/);
  });
});
