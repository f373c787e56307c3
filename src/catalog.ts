// The documented codes as pages see them: the `codes` collection, typed, sorted, and
// grouped into the categories the site lists. Astro-only (uses astro:content).
import { getCollection } from 'astro:content';
import { DataError, type CodePage } from './lib/dataset';
import { compareCodes, type BounceType } from './lib/codes';
import { categories, type Category } from './lib/categories';
import { variantsByPage, type Provider, type Variant } from './lib/providers';
import { loadTools, type Tool } from './lib/tools';
import { checkEspReferences, espVendor, loadEsps, toolVendor, type Vendor } from './lib/crosswalk';

let cache: CodePage[] | undefined;

export async function getCodes(): Promise<CodePage[]> {
  cache ??= (await getCollection('codes')).map((e) => e.data).sort((a, b) => compareCodes(a.code, b.code));
  return cache;
}

let mapCache: Map<string, CodePage> | undefined;

/** Built once: every code page looks up its related codes here, so a per-page rebuild made the build O(N²). */
export async function getCodeMap(): Promise<Map<string, CodePage>> {
  mapCache ??= new Map((await getCodes()).map((c) => [c.code, c]));
  return mapCache;
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

/** Every provider text by its id, with its provider (built once, not once per page). */
let byIdCache: Map<string, PlacedVariant> | undefined;
export async function getVariantById(): Promise<Map<string, PlacedVariant>> {
  byIdCache ??= new Map(
    (await getProviders()).flatMap((provider) =>
      provider.variants.map((variant) => [variant.id, { provider, variant }] as const),
    ),
  );
  return byIdCache;
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

let vendorCache: Vendor[] | undefined;
/**
 * The crosswalk's vendors: every ESP in data/esps, then the bounce tools. Codes and provider
 * texts the ESP data names are checked here, so a stale reference fails the build.
 */
export async function getVendors(): Promise<Vendor[]> {
  if (vendorCache) return vendorCache;
  const esps = loadEsps(process.env.ESPS_DIR || 'data/esps');
  const documented = new Set((await getCodes()).map((c) => c.code));
  const variantIds = new Set((await getProviders()).flatMap((p) => p.variants.map((v) => v.id)));
  const problems = checkEspReferences(esps, documented, variantIds);
  if (problems.length) throw new DataError(problems);
  vendorCache = [...esps.map(espVendor), ...getTools().map(toolVendor)];
  return vendorCache;
}
