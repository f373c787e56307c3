/**
 * Loading the reason phrases (data/reasons.yaml), the providers' rule labels (data/reason-labels.yaml,
 * beside it) and sisimai's code table (data/tools/sisimai.yaml).
 */
import { dirname, join } from 'node:path';
import { reasonLabelsFileSchema, reasonsFileSchema, type ReasonLabelTable } from '../schemas/reasons.ts';
import type { ReasonData } from './analyzer/types.ts';
import { loadTools } from './tools.ts';
import { DataError, readYamlFile } from './yaml-data.ts';

/** What providers' pages show of the rule labels: each provider's tables, and what each reason means. */
export interface RuleLabelPages {
  byProvider: Map<string, ReasonLabelTable[]>;
  /** Each reason's one-sentence meaning (data/reasons.yaml `about`). */
  meanings: Map<string, string>;
}

/**
 * The rule-label tables (data/reason-labels.yaml) by the providers whose pages list them. A table
 * naming a provider that does not exist fails with the file, the table and the field.
 */
export function loadRuleLabelPages(
  providerIds: Iterable<string>,
  file = 'data/reasons.yaml',
  labelsFile = join(dirname(file), 'reason-labels.yaml'),
): RuleLabelPages {
  const known = new Set(providerIds);
  const byProvider = new Map<string, ReasonLabelTable[]>();
  const problems: string[] = [];
  readYamlFile(labelsFile, reasonLabelsFileSchema).forEach((table, i) => {
    for (const [j, id] of (table.providers ?? []).entries()) {
      if (!known.has(id))
        problems.push(`${labelsFile}: table ${i} ("${table.name}"), field "providers.${j}": no provider "${id}"`);
      else byProvider.set(id, [...(byProvider.get(id) ?? []), table]);
    }
  });
  if (problems.length) throw new DataError(problems);
  const meanings = new Map(readYamlFile(file, reasonsFileSchema).map((r) => [r.reason, r.about]));
  return { byProvider, meanings };
}

export function loadReasons(
  file = 'data/reasons.yaml',
  toolsDir = 'data/tools',
  labelsFile = join(dirname(file), 'reason-labels.yaml'),
): ReasonData {
  const reasons = readYamlFile(file, reasonsFileSchema);
  const labels = readYamlFile(labelsFile, reasonLabelsFileSchema);
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
