/**
 * Loads and checks data/providers/*.yaml (one provider per file) the same way the code
 * dataset is checked: any problem throws a DataError naming file, variant and field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { providerSchema, type Provider, type Variant } from '../schemas/provider.ts';
import { DataError, loadDataset } from './dataset.ts';
import { checkVerdictsAgainstVariants } from './verdict-checks.ts';
import { variantHome } from './variants.ts';

export type { Provider, Variant };

export function validateProviders(files: { path: string; text: string }[]): Provider[] {
  const problems: string[] = [];
  const providers: Provider[] = [];
  for (const file of files) {
    const doc = parseDocument(file.text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const err of doc.errors) problems.push(`${file.path}: YAML syntax error: ${err.message.split('\n')[0]}`);
      continue;
    }
    const raw = doc.toJS() as { variants?: { id?: unknown }[] } | null;
    const parsed = providerSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [head, index, ...rest] = issue.path;
        const where =
          head === 'variants' && typeof index === 'number'
            ? `variant ${index + 1}${raw?.variants?.[index]?.id ? ` (${String(raw.variants[index].id)})` : ''}: field "${rest.join('.') || 'variant'}"`
            : `field "${issue.path.join('.') || 'provider'}"`;
        problems.push(`${file.path}: ${where}: ${issue.message}`);
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
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n));
  } catch (err) {
    throw new DataError([`cannot read provider directory ${relative(root, dir) || dir}: ${(err as Error).message}`]);
  }
  if (names.length === 0) throw new DataError([`no provider files found in ${relative(root, dir) || dir}`]);
  return validateProviders(
    names.sort().map((n) => ({ path: relative(root, join(dir, n)), text: readFileSync(join(dir, n), 'utf8') })),
  );
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
 * provider text that carries its code (src/lib/verdict-checks.ts). Used by the content loader, so
 * `astro build` fails on a contradiction.
 */
export function loadProvidersCheckedAgainst(dir: string, codesDir: string, root = process.cwd()): Provider[] {
  const providers = loadProviders(dir, root);
  const problems = checkVerdictsAgainstVariants(loadDataset(codesDir, root), providers);
  if (problems.length > 0) throw new DataError(problems);
  return providers;
}
