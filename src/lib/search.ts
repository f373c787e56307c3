/**
 * The exact-code step that runs before full-text search. Pagefind strips the dots from
 * "5.1.1" (it indexes 5.1.1, 5.11 and 51.1 all as "511"), so a query that contains a code
 * is answered from the list of documented codes first, and only the remaining words go
 * to Pagefind.
 */
import { parseCodeQuery } from './codes.ts';
import { variantHome } from './variants.ts';
import type { MatchableVariant } from './matcher.ts';
import type { Provider } from '../schemas/provider.ts';
import { codeUrl, withBase } from './urls.ts';

export interface CodeEntry {
  code: string;
  title: string;
}

export interface ExactResult {
  /** Codes found in the query, most specific first: enhanced before reply. */
  found: string[];
  /** Those of `found` that have a page, in the same order. */
  documented: CodeEntry[];
  /** Those of `found` without a page (still worth interpreting from their digits). */
  undocumented: string[];
  /** What is left for full-text search once codes, addresses and punctuation are removed. */
  words: string;
}

const ADDRESS = /<[^>\s]*>|[^\s<>@]+@[^\s<>]+/g;
const NOISE = /\b(?:smtp|dns|rfc822|x-postfix|diagnostic-code|status|remote server returned)\b;?/gi;

export function exactCodeSearch(query: string, documented: ReadonlyMap<string, CodeEntry>): ExactResult {
  const text = query.slice(0, 2000);
  const { reply, enhanced } = parseCodeQuery(text);
  const found = [enhanced, reply].filter((c): c is string => c !== undefined);
  const words = text
    .replace(ADDRESS, ' ')
    .replace(NOISE, ' ')
    // Dotted numbers (codes, and near-misses like 5.11) mean nothing to Pagefind, which drops the dots.
    .replace(/[0-9]+(?:\.[0-9]+)+/g, ' ')
    .replace(/(?<![0-9.])[2-5][0-9]{2}(?=[\s-]|$)/g, ' ')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return {
    found,
    documented: found.flatMap((c) => documented.get(c) ?? []),
    undocumented: found.filter((c) => !documented.has(c)),
    words,
  };
}

/** A query that is only a number shaped like a code but is not one: "5.11", "5.1", "55", "650". */
export function isMalformedCode(query: string): boolean {
  const q = query.trim();
  if (!/^[0-9]+(?:\.[0-9]+)*$/.test(q) || q.length > 12) return false;
  const { reply, enhanced } = parseCodeQuery(q);
  return reply === undefined && enhanced === undefined;
}

/**
 * /data/search-index.json: what the search and 404 pages need to know about every code and
 * provider text. One cacheable file fetched when needed, so no page grows with the dataset.
 */
export interface SearchIndex {
  /** [code, title] of every documented code, in code order. */
  codes: [string, string][];
  /** Provider texts with the URL that explains each (code page anchor or provider page). */
  variants: (MatchableVariant & { provider: string; url: string })[];
}

export function buildSearchIndex(
  codes: readonly CodeEntry[],
  providers: readonly Provider[],
  base: string,
): SearchIndex {
  const documented = new Set(codes.map((c) => c.code));
  return {
    codes: codes.map((c) => [c.code, c.title]),
    variants: providers.flatMap((p) =>
      p.variants.map((v) => {
        const home = variantHome(v, documented);
        return {
          id: v.id,
          provider: p.name,
          reply: v.reply,
          enhanced: v.enhanced,
          pattern: v.pattern,
          kind: p.kind,
          domains: p.domains?.length ? p.domains : undefined,
          url: home ? `${codeUrl(home, base)}#${v.id}` : withBase(`providers/${p.id}/#${v.id}`, base),
        };
      }),
    ),
  };
}

export function codeMap(index: SearchIndex): Map<string, CodeEntry> {
  return new Map(index.codes.map(([code, title]) => [code, { code, title }]));
}

/**
 * Something longer than a code that contains one: a pasted reply, log line or bounce. Such text
 * belongs in the analyzer's URL fragment, never in `?q=` (access logs, Referer headers).
 */
export function looksLikePastedBounce(query: string): boolean {
  const q = query.trim();
  const { reply, enhanced } = parseCodeQuery(q);
  return (reply !== undefined || enhanced !== undefined) && q.split(/\s+/).length >= 4;
}
