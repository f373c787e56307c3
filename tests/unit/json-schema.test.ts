import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMAS, jsonSchema, type SchemaName } from '../../src/lib/json-schema';

// data/schemas/*.json are generated from the Zod schemas. Regenerate with `npm run schemas`.
const update = process.env.UPDATE_SCHEMAS === '1';

describe('committed JSON Schemas match the Zod schemas', () => {
  for (const name of Object.keys(JSON_SCHEMAS) as SchemaName[]) {
    it(name, () => {
      const path = `data/schemas/${name}`;
      const fresh = `${JSON.stringify(jsonSchema(name), null, 2)}\n`;
      if (update) writeFileSync(path, fresh);
      expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run schemas`).toBe(fresh);
    });
  }
});

describe('YAML files point editors at their schema', () => {
  it('names the schema on the first line of every data file', async () => {
    const { readdirSync } = await import('node:fs');
    for (const [dir, schema] of [
      ['data/codes', 'code-file'],
      ['data/providers', 'provider'],
      ['data/esps', 'esp'],
    ]) {
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
        expect(readFileSync(`${dir}/${f}`, 'utf8').split('\n')[0], `${dir}/${f}`).toBe(
          `# yaml-language-server: $schema=../schemas/${schema}.schema.json`,
        );
      }
    }
  });
});
