/**
 * Loads and checks data/codes/*.yaml and turns records into pages. Any problem throws a
 * DataError that names the file, the record and the field, so a bad edit fails the build
 * instead of shipping a silently empty or broken page (Astro's own file() loader only logs).
 *
 * A reply-code record ("550") is one page. An enhanced-code record ("X.2.2") holds the shared
 * meaning once and becomes one page per class it lists (4.2.2, 5.2.2).
 */
import type { z } from 'astro/zod';
import { isScalar, type Document } from 'yaml';
import { codeFileSchema } from '../schemas/data-file.ts';
import { replyRecordSchema, type ReplyRecord } from '../schemas/reply-record.ts';
import { enhancedRecordSchema, type EnhancedRecord } from '../schemas/enhanced-record.ts';
import type { stageSchema, verdictSchema } from '../schemas/common.ts';
import type { CodePage } from '../schemas/code-page.ts';
import { compareCodes } from './codes.ts';
import { DataError, explainIssue, parseYaml, readYamlDir, type DataFile } from './yaml-data.ts';

export { DataError, type DataFile };

export type Verdict = z.infer<typeof verdictSchema>;
export type Stage = z.infer<typeof stageSchema>;

export type { CodePage };

type Loaded<T> = T & { source: string };

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

function replyPage(rec: Loaded<ReplyRecord>): CodePage {
  const { code, source, meaning, ...rest } = rec;
  return { ...rest, code, recordCode: code, source, meaning: paragraphs(meaning), otherClasses: [] };
}

function enhancedPages(rec: Loaded<EnhancedRecord>): CodePage[] {
  const digits = (['2', '4', '5'] as const).filter((d) => rec.classes[d]);
  return digits.map((d) => {
    const c = rec.classes[d]!;
    const code = `${d}${rec.code.slice(1)}`;
    return {
      code,
      recordCode: rec.code,
      source: rec.source,
      title: rec.title,
      summary: c.summary,
      bounceType: c.bounceType,
      bounceTypeNote: c.bounceTypeNote,
      verdict: c.verdict,
      verdictNote: c.verdictNote,
      decisions: c.decisions,
      meaning: [...paragraphs(rec.meaning), ...(c.meaning ? paragraphs(c.meaning) : [])],
      causes: [...(c.causes ?? []), ...rec.causes],
      fixes: rec.fixes,
      stage: rec.stage,
      related: rec.related,
      references: rec.references,
      keywords: [...c.keywords, ...rec.keywords],
      mistakenFor: rec.mistakenFor,
      basicCodes: rec.basicCodes,
      classNote: rec.classNote,
      otherClasses: digits.filter((o) => o !== d).map((o) => `${o}${rec.code.slice(1)}`),
    };
  });
}

/** "record 4 (code "550")", with the code as the file spells it (5.10, not the 5.1 YAML made of it). */
function describeRecord(raw: unknown, index: number, doc: Document): string {
  const code = raw && typeof raw === 'object' && 'code' in raw ? (raw as { code: unknown }).code : undefined;
  if (code === undefined) return `record ${index + 1}`;
  const node = doc.getIn([index, 'code'], true);
  const source = typeof code !== 'string' && isScalar(node) ? (node as { source?: string }).source : undefined;
  return `record ${index + 1} (code ${source ?? JSON.stringify(code)})`;
}

/** The code a record means to define, if it gives one as text. */
const recordCode = (raw: unknown) =>
  raw && typeof raw === 'object' && typeof (raw as { code?: unknown }).code === 'string'
    ? (raw as { code: string }).code
    : undefined;

const isEnhancedRecord = (raw: unknown) =>
  !!raw &&
  typeof raw === 'object' &&
  typeof (raw as { code?: unknown }).code === 'string' &&
  (raw as { code: string }).code.startsWith('X.');

/** Parse and validate every file, check the set as a whole, and return the pages sorted by code. */
export function validateDataset(files: DataFile[]): CodePage[] {
  const problems: string[] = [];
  const pages: CodePage[] = [];
  if (files.length === 0) throw new DataError(['no data files found (expected data/codes/*.yaml)']);
  // Records that could not be read. A page that names one of them in `related` is not wrong,
  // so those checks wait until the record itself is fixed (one error per cause).
  const broken = new Set<string>();
  let unreadable = false;

  for (const file of files) {
    const yaml = parseYaml(file);
    if (!yaml.ok) {
      problems.push(yaml.problem);
      unreadable = true;
      continue;
    }
    const list = codeFileSchema.safeParse(yaml.value);
    if (!list.success) {
      problems.push(`${file.path}: expected a non-empty YAML list of code records (${list.error.issues[0].message})`);
      unreadable = true;
      continue;
    }
    list.data.forEach((raw, index) => {
      const enhanced = isEnhancedRecord(raw);
      const parsed = enhanced ? enhancedRecordSchema.safeParse(raw) : replyRecordSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          problems.push(
            `${file.path}: ${describeRecord(raw, index, yaml.doc)}: ${explainIssue(issue, yaml.doc, [index])}`,
          );
        const code = recordCode(raw);
        if (code) broken.add(code);
        else unreadable = true;
        return;
      }
      const rec = { ...parsed.data, source: file.path };
      pages.push(
        ...(enhanced ? enhancedPages(rec as Loaded<EnhancedRecord>) : [replyPage(rec as Loaded<ReplyRecord>)]),
      );
    });
  }

  const seen = new Map<string, string>();
  for (const page of pages) {
    const first = seen.get(page.code);
    if (first) problems.push(`${page.source}: code "${page.code}" is duplicated (first defined in ${first})`);
    else seen.set(page.code, page.source);
  }
  for (const page of pages) {
    if (unreadable) break;
    for (const rel of page.related) {
      if (rel === page.code) continue; // a shared list may name the twin class; the page skips itself
      if (broken.has(rel) || broken.has(`X${rel.slice(1)}`)) continue;
      if (!seen.has(rel))
        problems.push(`${page.source}: code "${page.recordCode}": field "related": "${rel}" is not a documented code`);
    }
  }

  if (problems.length > 0) throw new DataError([...new Set(problems)]);
  for (const page of pages)
    page.related = page.related.filter((r) => r !== page.code && !page.otherClasses.includes(r));
  return pages.sort((a, b) => compareCodes(a.code, b.code));
}

/** Read every .yaml/.yml file under dir (paths in messages are relative to root). */
export function loadDataset(dir: string, root = process.cwd()): CodePage[] {
  return validateDataset(readYamlDir(dir, root, 'data'));
}
