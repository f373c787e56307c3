/** Bounce-tool label tables (data/tools/*.yaml): loading, and the labels that apply to a code. */
import { toolSchema, type Tool } from '../schemas/tool.ts';
import { DataError, explainIssue, parseYaml, readYamlDir } from './yaml-data.ts';

export type { Tool };

export function loadTools(dir: string, root = process.cwd()): Tool[] {
  const problems: string[] = [];
  const tools: Tool[] = [];
  for (const file of readYamlDir(dir, root, 'tool')) {
    const yaml = parseYaml(file);
    if (!yaml.ok) {
      problems.push(yaml.problem);
      continue;
    }
    const parsed = toolSchema.safeParse(yaml.value);
    if (parsed.success) tools.push(parsed.data);
    else for (const i of parsed.error.issues) problems.push(`${file.path}: ${explainIssue(i, yaml.doc)}`);
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
