/**
 * Loads and checks data/codes/*.yaml. Any problem throws a DataError that names the
 * file, the record and the field, so a bad edit fails the build instead of shipping
 * a silently empty or broken page (Astro's own file() loader only logs such errors).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { codeFileSchema, codeRecordSchema, type CodeRecord } from '../schemas/code';
import { compareCodes } from './codes';

export class DataError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid data (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'DataError';
  }
}

export interface DataFile {
  /** Path shown in messages, e.g. data/codes/reply-5xx.yaml. */
  path: string;
  text: string;
}

/** A record together with where it came from, for messages and for the edit link. */
export interface LoadedCode extends CodeRecord {
  source: string;
}

function describeRecord(raw: unknown, index: number): string {
  const code = raw && typeof raw === 'object' && 'code' in raw ? (raw as { code: unknown }).code : undefined;
  return `record ${index + 1}${code === undefined ? '' : ` (code ${JSON.stringify(code)})`}`;
}

/** Parse and validate every file, then check the set as a whole. Returns records sorted by code. */
export function validateDataset(files: DataFile[]): LoadedCode[] {
  const problems: string[] = [];
  const records: LoadedCode[] = [];
  if (files.length === 0) throw new DataError(['no data files found (expected data/codes/*.yaml)']);

  for (const file of files) {
    const doc = parseDocument(file.text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const err of doc.errors) problems.push(`${file.path}: YAML syntax error: ${err.message.split('\n')[0]}`);
      continue;
    }
    const list = codeFileSchema.safeParse(doc.toJS());
    if (!list.success) {
      problems.push(`${file.path}: expected a non-empty YAML list of code records (${list.error.issues[0].message})`);
      continue;
    }
    list.data.forEach((raw, index) => {
      const parsed = codeRecordSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = issue.path.length ? `field "${issue.path.join('.')}"` : 'record';
          problems.push(`${file.path}: ${describeRecord(raw, index)}: ${field}: ${issue.message}`);
        }
        return;
      }
      records.push({ ...parsed.data, source: file.path });
    });
  }

  const seen = new Map<string, string>();
  for (const rec of records) {
    const first = seen.get(rec.code);
    if (first) problems.push(`${rec.source}: code "${rec.code}" is duplicated (first defined in ${first})`);
    else seen.set(rec.code, rec.source);
  }
  for (const rec of records) {
    for (const rel of rec.related) {
      if (!seen.has(rel)) problems.push(`${rec.source}: code "${rec.code}": field "related": "${rel}" is not a documented code`);
    }
  }

  if (problems.length > 0) throw new DataError(problems);
  return records.sort((a, b) => compareCodes(a.code, b.code));
}

/** Read every .yaml/.yml file under dir (paths in messages are relative to root). */
export function loadDataset(dir: string, root = process.cwd()): LoadedCode[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && statSync(join(dir, n)).isFile());
  } catch (err) {
    throw new DataError([`cannot read data directory ${relative(root, dir) || dir}: ${(err as Error).message}`]);
  }
  const files = names.sort().map((n) => ({ path: relative(root, join(dir, n)), text: readFileSync(join(dir, n), 'utf8') }));
  for (const f of files) if (f.text.trim() === '') throw new DataError([`${f.path}: file is empty`]);
  return validateDataset(files);
}
