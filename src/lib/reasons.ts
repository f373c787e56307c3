/**
 * Loading the reason phrases (data/reasons.yaml), the providers' rule labels (data/reason-labels.yaml,
 * beside it) and sisimai's code table (data/tools/sisimai.yaml).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'astro/zod';
import { reasonLabelsFileSchema, reasonsFileSchema, type ReasonLabelTable } from '../schemas/reasons.ts';
import type { ReasonData } from './analyzer/types.ts';
import { DataError } from './dataset.ts';
import { loadTools } from './tools.ts';

/** A YAML file read and checked against its schema; every problem names the file and the field. */
function readChecked<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataError([`${file}: YAML syntax error: ${(err as Error).message.split('\n')[0]}`]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new DataError(parsed.error.issues.map((i) => `${file}: field "${i.path.join('.')}": ${i.message}`));
  return parsed.data;
}

/** Each reason's one-sentence meaning (data/reasons.yaml `about`). */
export function reasonMeanings(file = 'data/reasons.yaml'): Map<string, string> {
  return new Map(readChecked(file, reasonsFileSchema).map((r) => [r.reason, r.about]));
}

/**
 * The rule-label tables (data/reason-labels.yaml) a provider's page lists. A table naming a provider
 * that does not exist fails with the file, the table and the field.
 */
export function labelTablesByProvider(
  providerIds: Iterable<string>,
  file = 'data/reason-labels.yaml',
): Map<string, ReasonLabelTable[]> {
  const known = new Set(providerIds);
  const out = new Map<string, ReasonLabelTable[]>();
  const problems: string[] = [];
  readChecked(file, reasonLabelsFileSchema).forEach((table, i) => {
    for (const [j, id] of (table.providers ?? []).entries()) {
      if (!known.has(id))
        problems.push(`${file}: table ${i} ("${table.name}"), field "providers.${j}": no provider "${id}"`);
      else out.set(id, [...(out.get(id) ?? []), table]);
    }
  });
  if (problems.length) throw new DataError(problems);
  return out;
}

export function loadReasons(
  file = 'data/reasons.yaml',
  toolsDir = 'data/tools',
  labelsFile = join(dirname(file), 'reason-labels.yaml'),
): ReasonData {
  const reasons = readChecked(file, reasonsFileSchema);
  const labels = readChecked(labelsFile, reasonLabelsFileSchema);
  const codes: Record<string, string> = {};
  const sisimai = loadTools(toolsDir).find((t) => t.id === 'sisimai');
  for (const label of sisimai?.labels ?? []) for (const code of label.codes) codes[code] ??= label.label;
  return {
    phrases: reasons.map((r) => {
      const first = r.phrases.filter((p) => p.first).flatMap((p) => p.texts);
      return {
        reason: r.reason,
        texts: r.phrases.filter((p) => !p.first).flatMap((p) => p.texts),
        ...(first.length ? { first } : {}),
      };
    }),
    codes,
    labels: labels.map(({ name, pattern, codes }) => ({ name, pattern, codes })),
  };
}
