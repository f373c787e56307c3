// Whole-site checks over the production builds (no browser needed): every page is valid
// HTML, and every internal link, asset and fragment resolves to something that exists.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { test, expect } from '@playwright/test';
import { codeJsonSchema, dataDumpSchema } from '../../src/schemas/code-json';
import { jsonSchema, JSON_SCHEMAS, type SchemaName } from '../../src/lib/json-schema';

const root = new URL('../..', import.meta.url).pathname;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(dir, f));
}

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Astro minifies attribute quoting and inlines our one stylesheet on purpose.
    'attr-quotes': 'off',
    'no-inline-style': 'off',
    // Long titles carry the code and its full registry title: that is what people search for.
    'long-title': 'off',
  },
});

test('every built page is valid HTML', async () => {
  const files = htmlFiles(join(root, 'dist'));
  expect(files.length).toBeGreaterThan(60);
  const problems: string[] = [];
  for (const file of files) {
    const report = await validator.validateString(readFileSync(file, 'utf8'), file);
    for (const r of report.results)
      for (const m of r.messages)
        problems.push(`${relative(root, file)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
  }
  expect(problems).toEqual([]);
});

for (const [dir, base] of [
  ['dist', '/'],
  ['dist-base', '/bounce-codes/'],
] as const) {
  test(`every internal link and asset resolves in ${dir}/ (base ${base})`, () => {
    const out = join(root, dir);
    const files = htmlFiles(out);
    const ids = new Map<string, Set<string>>();
    for (const f of files)
      ids.set(f, new Set([...readFileSync(f, 'utf8').matchAll(/\sid="?([^"\s>]+)/g)].map((m) => m[1])));
    const broken: string[] = [];
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      for (const m of html.matchAll(/\s(?:href|src)="?([^"\s>]+)/g)) {
        const raw = m[1].replace(/&amp;/g, '&');
        if (/^(?:[a-z]+:)?\/\//i.test(raw) || /^(?:mailto|data):/.test(raw)) continue;
        const [pathPart, fragment] = raw.split('#');
        let target = file;
        if (pathPart) {
          if (!pathPart.startsWith(base)) {
            broken.push(`${relative(root, file)}: ${raw} (outside the base path)`);
            continue;
          }
          const rel = decodeURIComponent(pathPart.slice(base.length).split('?')[0]);
          const candidate = join(out, rel);
          target =
            existsSync(candidate) && statSync(candidate).isDirectory() ? join(candidate, 'index.html') : candidate;
          if (!existsSync(target)) {
            broken.push(`${relative(root, file)}: ${raw}`);
            continue;
          }
        }
        if (fragment && target.endsWith('.html') && !ids.get(target)?.has(fragment))
          broken.push(`${relative(root, file)}: ${raw} (no #${fragment})`);
      }
    }
    expect(files.length).toBeGreaterThan(60);
    expect(broken).toEqual([]);
  });
}

test('every published JSON file matches its schema', () => {
  const dist = join(root, 'dist');
  const files = readdirSync(join(dist, 'codes')).filter((f) => f.endsWith('.json'));
  const pages = readdirSync(join(dist, 'codes')).filter((f) => statSync(join(dist, 'codes', f)).isDirectory());
  expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(pages.sort());
  for (const f of files) {
    const r = codeJsonSchema.safeParse(JSON.parse(readFileSync(join(dist, 'codes', f), 'utf8')));
    expect(r.success ? [] : r.error.issues.slice(0, 3), f).toEqual([]);
  }
  const dump = dataDumpSchema.safeParse(JSON.parse(readFileSync(join(dist, 'data', 'codes.json'), 'utf8')));
  expect(dump.success ? [] : dump.error.issues.slice(0, 3)).toEqual([]);
  for (const name of Object.keys(JSON_SCHEMAS) as SchemaName[]) {
    expect(JSON.parse(readFileSync(join(dist, 'schemas', name), 'utf8')), name).toEqual(jsonSchema(name));
  }
});
