/** Loading the reason phrases (data/reasons.yaml) and sisimai's code table (data/tools/sisimai.yaml). */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { reasonsFileSchema } from '../schemas/reasons.ts';
import type { ReasonData } from './analyzer/types.ts';
import { DataError } from './dataset.ts';
import { loadTools } from './tools.ts';

export function loadReasons(file = 'data/reasons.yaml', toolsDir = 'data/tools'): ReasonData {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataError([`${file}: YAML syntax error: ${(err as Error).message.split('\n')[0]}`]);
  }
  const parsed = reasonsFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new DataError(parsed.error.issues.map((i) => `${file}: field "${i.path.join('.')}": ${i.message}`));
  const codes: Record<string, string> = {};
  const sisimai = loadTools(toolsDir).find((t) => t.id === 'sisimai');
  for (const label of sisimai?.labels ?? []) for (const code of label.codes) codes[code] ??= label.label;
  return {
    phrases: parsed.data.map((r) => {
      const first = r.phrases.filter((p) => p.first).flatMap((p) => p.texts);
      return {
        reason: r.reason,
        texts: r.phrases.filter((p) => !p.first).flatMap((p) => p.texts),
        ...(first.length ? { first } : {}),
      };
    }),
    codes,
  };
}
