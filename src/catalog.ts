// The documented codes as pages see them: the `codes` collection, typed, sorted, and
// grouped into the categories the site lists. Astro-only (uses astro:content).
import { getCollection } from 'astro:content';
import type { LoadedCode } from './lib/dataset';
import { classify, compareCodes, type BounceType } from './lib/codes';
import { categories, type Category } from './lib/categories';

let cache: LoadedCode[] | undefined;

export async function getCodes(): Promise<LoadedCode[]> {
  cache ??= (await getCollection('codes')).map((e) => e.data as LoadedCode).sort((a, b) => compareCodes(a.code, b.code));
  return cache;
}

export async function getCodeMap(): Promise<Map<string, LoadedCode>> {
  return new Map((await getCodes()).map((c) => [c.code, c]));
}

export interface CategoryWithCodes extends Category {
  codes: LoadedCode[];
}

/** Every category that has at least one documented code (an empty table helps nobody). */
export async function getCategories(): Promise<CategoryWithCodes[]> {
  const codes = await getCodes();
  return categories()
    .map((cat) => ({ ...cat, codes: codes.filter((c) => cat.includes(c.code, c.bounceType)) }))
    .filter((cat) => cat.codes.length > 0);
}

export function countByType(codes: LoadedCode[], type: BounceType): number {
  return codes.filter((c) => c.bounceType === type).length;
}

export { classify };
