// The documented codes as pages see them: the `codes` collection, typed, sorted, and
// grouped into the categories the site lists. Astro-only (uses astro:content).
import { getCollection } from 'astro:content';
import type { CodePage } from './lib/dataset';
import { compareCodes, type BounceType } from './lib/codes';
import { categories, type Category } from './lib/categories';
import { variantsByPage, type Provider, type Variant } from './lib/providers';
import { loadTools, type Tool } from './lib/tools';

let cache: CodePage[] | undefined;

export async function getCodes(): Promise<CodePage[]> {
  cache ??= (await getCollection('codes')).map((e) => e.data).sort((a, b) => compareCodes(a.code, b.code));
  return cache;
}

export async function getCodeMap(): Promise<Map<string, CodePage>> {
  return new Map((await getCodes()).map((c) => [c.code, c]));
}

export interface CategoryWithCodes extends Category {
  codes: CodePage[];
}

/** Every category that has at least one documented code (an empty table helps nobody). */
export async function getCategories(): Promise<CategoryWithCodes[]> {
  const codes = await getCodes();
  return categories()
    .map((cat) => ({ ...cat, codes: codes.filter((c) => cat.includes(c.code, c.bounceType)) }))
    .filter((cat) => cat.codes.length > 0);
}

let providerCache: Provider[] | undefined;

export async function getProviders(): Promise<Provider[]> {
  providerCache ??= (await getCollection('providers')).map((e) => e.data).sort((a, b) => a.name.localeCompare(b.name));
  return providerCache;
}

export type PlacedVariant = { provider: Provider; variant: Variant };

/** Provider variants grouped by the code page they are shown on. */
let placedCache: Map<string, PlacedVariant[]> | undefined;
export async function getVariantsByPage(): Promise<Map<string, PlacedVariant[]>> {
  placedCache ??= variantsByPage(await getProviders(), new Set((await getCodes()).map((c) => c.code)));
  return placedCache;
}

let toolCache: Tool[] | undefined;
/** Bounce-tool label tables; small and static, so read directly rather than through a collection. */
export function getTools(): Tool[] {
  toolCache ??= loadTools(process.env.TOOLS_DIR || 'data/tools');
  return toolCache;
}

export function countByType(codes: CodePage[], type: BounceType): number {
  return codes.filter((c) => c.bounceType === type).length;
}
