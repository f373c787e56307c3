/**
 * The one YAML loader for every data file (codes, providers, tools): reads a folder, parses each
 * file, and turns a Zod issue into one message that names file, record and field and gives the
 * fix in the file's own terms (the source text of an unquoted number, not the number YAML made
 * of it). A bad file or record yields one problem per cause, never a flood of follow-on errors.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isScalar, parseDocument, type Document } from 'yaml';
import type { z } from 'astro/zod';

export class DataError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `Invalid data (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'DataError';
    this.problems = problems;
  }
}

export interface DataFile {
  /** Path shown in messages, e.g. data/codes/reply-5xx.yaml. */
  path: string;
  text: string;
}

/** Every .yaml/.yml file in dir, sorted by name; `what` names the folder in messages. */
export function readYamlDir(dir: string, root: string, what: string): DataFile[] {
  const shown = relative(root, dir) || dir;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && statSync(join(dir, n)).isFile());
  } catch (err) {
    throw new DataError([`cannot read ${what} directory ${shown}: ${(err as Error).message}`]);
  }
  if (names.length === 0) throw new DataError([`no ${what} files found in ${shown} (expected *.yaml)`]);
  const files = names
    .sort()
    .map((n) => ({ path: relative(root, join(dir, n)), text: readFileSync(join(dir, n), 'utf8') }));
  for (const f of files) if (f.text.trim() === '') throw new DataError([`${f.path}: file is empty`]);
  return files;
}

export type Parsed = { ok: true; doc: Document; value: unknown } | { ok: false; problem: string };

/**
 * Parse one file. A syntax error is reported once, at its line: the parser's later errors in the
 * same file almost always follow from the first, so they would only bury it.
 */
export function parseYaml(file: DataFile): Parsed {
  const doc = parseDocument(file.text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const more = doc.errors.length - 1;
    const first = doc.errors[0].message.split('\n')[0].replace(/:$/, '');
    const tail = more ? ` (${more} more error${more === 1 ? '' : 's'} in this file may follow from it)` : '';
    return { ok: false, problem: `${file.path}: YAML syntax error: ${first}${tail}` };
  }
  return { ok: true, doc, value: doc.toJS() };
}

/**
 * What a Zod issue means for the person editing the file. `docPath` leads from the document
 * root to the object that was validated (e.g. [3] for the fourth record of a list).
 */
export function explainIssue(issue: z.core.$ZodIssue, doc: Document, docPath: (string | number)[] = []): string {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const at = path.length ? `${path.join('.')}.` : '';
    return issue.keys
      .map((k) => `field "${at}${k}": not a known field (check its spelling and indentation)`)
      .join('; ');
  }
  const field = path.length ? `field "${path.join('.')}"` : 'record';
  if (issue.code === 'invalid_type' && issue.expected === 'string') {
    const node = doc.getIn([...docPath, ...path], true);
    if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
      const source = (node as { source?: string }).source ?? String(node.value);
      return `${field}: write it in quotes, "${source}": unquoted, YAML reads ${source} as the ${typeof node.value} ${String(node.value)}`;
    }
  }
  return `${field}: ${issue.message}`;
}

/** One data file read, parsed and checked against its schema; any problem names the file and the field. */
export function readYamlFile<T extends z.ZodType>(path: string, schema: T): z.infer<T> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataError([`cannot read ${path}: ${(err as Error).message}`]);
  }
  const yaml = parseYaml({ path, text });
  if (!yaml.ok) throw new DataError([yaml.problem]);
  const parsed = schema.safeParse(yaml.value);
  if (!parsed.success) throw new DataError(parsed.error.issues.map((i) => `${path}: ${explainIssue(i, yaml.doc)}`));
  return parsed.data;
}
