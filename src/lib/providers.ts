/**
 * Loads and checks data/providers/*.yaml (one provider per file) the same way the code
 * dataset is checked: any problem throws a DataError naming file, variant and field.
 */
import { basename } from 'node:path';
import { providerSchema, type Provider, type Variant } from '../schemas/provider.ts';
import { DataError, explainIssue, parseYaml, readYamlDir } from './yaml-data.ts';
import { loadDataset } from './dataset.ts';
import { checkPageStatements, checkVerdictsAgainstVariants } from './verdict-checks.ts';
import { variantHome } from './variants.ts';

export type { Provider, Variant };

export function validateProviders(files: { path: string; text: string }[]): Provider[] {
  const problems: string[] = [];
  const providers: Provider[] = [];
  for (const file of files) {
    const yaml = parseYaml(file);
    if (!yaml.ok) {
      problems.push(yaml.problem);
      continue;
    }
    const raw = yaml.value as { variants?: { id?: unknown }[] } | null;
    const parsed = providerSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [head, index, ...rest] = issue.path;
        if (head === 'variants' && typeof index === 'number') {
          const id = raw?.variants?.[index]?.id;
          const where = `variant ${index + 1}${id ? ` (${String(id)})` : ''}`;
          problems.push(`${file.path}: ${where}: ${explainIssue({ ...issue, path: rest }, yaml.doc, [head, index])}`);
        } else problems.push(`${file.path}: ${explainIssue(issue, yaml.doc)}`);
      }
      continue;
    }
    const expected = basename(file.path).replace(/\.ya?ml$/, '');
    if (parsed.data.id !== expected)
      problems.push(`${file.path}: field "id": "${parsed.data.id}" must match the file name "${expected}"`);
    providers.push(parsed.data);
  }
  const ids = new Map<string, string>();
  for (const p of providers)
    for (const v of p.variants) {
      if (ids.has(v.id)) problems.push(`provider ${p.id}: variant id "${v.id}" is also used by ${ids.get(v.id)}`);
      else ids.set(v.id, p.id);
    }
  if (problems.length > 0) throw new DataError(problems);
  return providers.sort((a, b) => a.name.localeCompare(b.name));
}

export function loadProviders(dir: string, root = process.cwd()): Provider[] {
  return validateProviders(readYamlDir(dir, root, 'provider'));
}

/** Every variant, with its provider, grouped by the code page it belongs on. */
export function variantsByPage(
  providers: Provider[],
  documented: ReadonlySet<string>,
): Map<string, { provider: Provider; variant: Variant }[]> {
  const out = new Map<string, { provider: Provider; variant: Variant }[]>();
  for (const provider of providers)
    for (const variant of provider.variants) {
      const home = variantHome(variant, documented);
      if (!home) continue;
      if (!out.has(home)) out.set(home, []);
      out.get(home)!.push({ provider, variant });
    }
  return out;
}

/**
 * Providers, checked against the code pages: a page's headline verdict may not be contradicted by a
 * provider text that carries its code, nor a page by its own words about the address, the failure
 * and retrying (src/lib/verdict-checks.ts). Used by the content loader, so
 * `astro build` fails on a contradiction.
 */
export function loadProvidersCheckedAgainst(dir: string, codesDir: string, root = process.cwd()): Provider[] {
  const providers = loadProviders(dir, root);
  const pages = loadDataset(codesDir, root);
  const problems = [...checkVerdictsAgainstVariants(pages, providers), ...checkPageStatements(pages)];
  if (problems.length > 0) throw new DataError(problems);
  return providers;
}
