/** Bounce-tool label tables (data/tools/*.yaml): loading, and the labels that apply to a code. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { toolSchema, type Tool } from '../schemas/tool.ts';
import { DataError } from './dataset.ts';

export type { Tool };

export function loadTools(dir: string, root = process.cwd()): Tool[] {
  const problems: string[] = [];
  const tools: Tool[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const path = relative(root, join(dir, name));
    let raw: unknown;
    try {
      raw = parse(readFileSync(join(dir, name), 'utf8'));
    } catch (err) {
      problems.push(`${path}: YAML syntax error: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const parsed = toolSchema.safeParse(raw);
    if (parsed.success) tools.push(parsed.data);
    else for (const i of parsed.error.issues) problems.push(`${path}: field "${i.path.join('.')}": ${i.message}`);
  }
  if (problems.length) throw new DataError(problems);
  return tools;
}

/** The label each tool gives this code ("4.6.*" in a table covers 4.6.0, 4.6.1 …). */
export function toolLabels(code: string, tools: readonly Tool[]): { tool: Tool; label: Tool['labels'][number] }[] {
  const matches = (pattern: string) =>
    pattern === code ||
    (pattern.endsWith('.*') && code.startsWith(pattern.slice(0, -1)) && code.split('.').length === 3);
  return tools.flatMap((tool) => tool.labels.filter((l) => l.codes.some(matches)).map((label) => ({ tool, label })));
}
