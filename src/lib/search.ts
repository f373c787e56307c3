/**
 * The exact-code step that runs before full-text search. Pagefind strips the dots from
 * "5.1.1" (it indexes 5.1.1, 5.11 and 51.1 all as "511"), so a query that contains a code
 * is answered from the list of documented codes first, and only the remaining words go
 * to Pagefind.
 */
import { parseCodeQuery } from './codes.ts';
import { variantHome, variantUrl } from './variants.ts';
import { createMatcher, type MatchableVariant, type VariantMatcher } from './matcher.ts';
import type { Provider } from '../schemas/provider.ts';
import { codeUrl, withBase } from './urls.ts';
import { encodeShare } from './share.ts';
import type { BounceType } from './codes.ts';
import type { Verdict } from './dataset.ts';
import { textBounceType } from './verdicts.ts';

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
  const { enhanced } = parseCodeQuery(text);
  const reply = replyCodeMeant(text, enhanced, documented);
  const found = [enhanced, reply].filter((c): c is string => c !== undefined);
  const words = text
    .replace(ADDRESS, ' ')
    .replace(NOISE, ' ')
    // Dotted numbers (codes, and near-misses like 5.11) mean nothing to Pagefind, which drops the dots.
    .replace(/[0-9]+(?:\.[0-9]+)+/g, ' ')
    // A three-digit number not read as a code ("office 365") stays a word.
    .replace(/(?<![0-9.])[2-5][0-9]{2}(?=[\s-]|$)/g, (m) => (reply ? ' ' : m))
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

/**
 * The reply code a query means, if any. A number in running text is a reply code only when it
 * leads the text, has a page, or stands right before an enhanced code of the same class:
 * "office 365 5.7.708" is about 5.7.708, not about an undocumented reply 365.
 */
function replyCodeMeant(
  text: string,
  enhanced: string | undefined,
  documented: ReadonlyMap<string, CodeEntry>,
): string | undefined {
  const masked = enhanced ? text.replace(enhanced, ' '.repeat(enhanced.length)) : text;
  const reply = parseCodeQuery(masked).reply;
  if (!reply) return undefined;
  if (enhanced && reply[0] !== enhanced[0]) return undefined;
  const leads = new RegExp(`^[^\\p{L}\\p{N}]*(?:smtp;\\s*)?${reply}`, 'iu').test(text.trim());
  return leads || documented.has(reply) ? reply : undefined;
}

/** A query that is only a number shaped like a code but is not one: "5.11", "5.1", "55", "650". */
export function isMalformedCode(query: string): boolean {
  const q = query.trim();
  if (!/^[0-9]+(?:\.[0-9]+)*$/.test(q) || q.length > 12) return false;
  const { reply, enhanced } = parseCodeQuery(q);
  return reply === undefined && enhanced === undefined;
}

/** What a sender should do: a verdict, or `depends` for a page whose action depends on the text. */
export type VerdictOrDepends = Verdict | 'depends';

/**
 * Per code: bounce type, verdict, how many provider texts its page shows, keywords joined by "|",
 * and the page's one-sentence summary (what it is about, in its own words).
 */
export type CodeFacts = [BounceType, VerdictOrDepends, number, string, string];

/**
 * /data/search-index.json: what the search and 404 pages and the header box need to know about every
 * code and provider text. One cacheable file fetched when needed, so no page grows with the dataset.
 */
export interface SearchIndex {
  /** [code, title] of every documented code, in code order. */
  codes: [string, string][];
  /** The facts of codes[i] at facts[i] (kept apart so [code, title] stays a pair). */
  facts: CodeFacts[];
  /** [id, name, kind, domains] of every provider (its page is /providers/<id>/). */
  providers: IndexedProvider[];
  /** Provider texts; `p` is the provider's place in `providers` (prepareIndex fills in the rest). */
  variants: IndexedVariant[];
}

/** Kind and domains ride on the provider, said once instead of once per text. */
export type IndexedProvider = [id: string, name: string, kind?: string, domains?: string[]];
export interface IndexedVariant extends Omit<MatchableVariant, 'kind' | 'domains'> {
  p: number;
  text: string;
  verdict: Verdict;
}
/** A provider text as search and the matcher use it: with its provider and the URL that explains it. */
export type SearchVariant = MatchableVariant & { provider: string; url: string; text: string; verdict: Verdict };

/** What buildSearchIndex reads of a code page (a CodePage fits). */
export interface IndexedCode extends CodeEntry {
  bounceType?: BounceType;
  verdict?: Verdict;
  decisions?: unknown[];
  keywords?: readonly string[];
  summary?: string;
}

/** Longest provider text the index carries: enough to recognise it in a list. */
const TEXT_MAX = 160;

export function buildSearchIndex(codes: readonly IndexedCode[], providers: readonly Provider[]): SearchIndex {
  const documented = new Set(codes.map((c) => c.code));
  const texts = new Map<string, number>();
  const variants = providers.flatMap((p, i) =>
    p.variants.map((v): IndexedVariant => {
      const home = variantHome(v, documented);
      if (home) texts.set(home, (texts.get(home) ?? 0) + 1);
      return {
        id: v.id,
        p: i,
        reply: v.reply,
        enhanced: v.enhanced,
        pattern: v.pattern,
        text: v.text.length > TEXT_MAX ? `${v.text.slice(0, TEXT_MAX - 1).trimEnd()}…` : v.text,
        verdict: v.verdict,
      };
    }),
  );
  return {
    codes: codes.map((c) => [c.code, c.title]),
    facts: codes.map((c) => [
      c.bounceType ?? 'info',
      c.decisions?.length ? 'depends' : (c.verdict ?? 'none'),
      texts.get(c.code) ?? 0,
      (c.keywords ?? []).join('|'),
      c.summary ?? '',
    ]),
    providers: providers.map((p) => (p.domains?.length ? [p.id, p.name, p.kind, p.domains] : [p.id, p.name, p.kind])),
    variants,
  };
}

/** The index's provider texts as the search and the matcher use them (URLs as variantUrl gives them). */
export function expandVariants(
  index: SearchIndex,
  base: string,
  documented: { has(code: string): boolean } = new Set(index.codes.map(([code]) => code)),
): SearchVariant[] {
  return index.variants.map(({ p, ...v }) => {
    const [id, provider, kind, domains] = index.providers[p];
    return { ...v, provider, kind, domains, url: variantUrl(v, id, documented, base) };
  });
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

// ---------------------------------------------------------------------------------------------
// Ranking over the index: codes by title and keywords, provider texts, providers by name. Pure,
// so the header box and the search page rank alike and tests can pin the order.

/** One thing a query can find before full-text search: a code page, a provider text, a provider. */
export interface Hit {
  kind: 'code' | 'text' | 'provider';
  url: string;
  /** The code ("5.7.1"), for code hits and the codes a text carries ("554 5.7.1"). */
  code?: string;
  /** What the reader sees: "550 Mailbox unavailable", "Postfix: 554 5.7.1". */
  label: string;
  /** A provider text's words. */
  text?: string;
  /** A code page's one-sentence summary. */
  summary?: string;
  bounceType?: BounceType;
  verdict?: VerdictOrDepends;
  score: number;
}

interface Field {
  /** Stemmed words joined by one space, padded with a space at each end. */
  words: string;
  weight: number;
  /** Quoting most of this field is the strongest match there is (a title, a provider's text). */
  quotable: boolean;
}
interface Doc {
  hit: Omit<Hit, 'score'>;
  fields: Field[];
  /** How often senders meet it: the provider texts a code page shows. */
  seen: number;
  /** The software that writes a text ranks over a provider that runs it (as in matcher.ts). */
  mta: boolean;
}

export interface PreparedIndex {
  codes: Map<string, CodeEntry & { bounceType: BounceType; verdict: VerdictOrDepends; summary: string }>;
  variants: SearchVariant[];
  docs: Doc[];
  /** The one provider-text matcher (matcher.ts), compiled on first use: a pasted text finds its variant. */
  matcher(): VariantMatcher<SearchVariant>;
}

/** Words that carry no meaning in a search over bounce texts. */
const STOP = new Set(
  'a an and are as at be by for from in is it my of on or our the this to was were what why with your'.split(' '),
);

/** Lower case, placeholders and punctuation out, each word lightly stemmed ("greylisting" → "greylist"). */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/<[^>]{0,40}>/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(stem);
}

function stem(w: string): string {
  if (w.length <= 4 || /[0-9]/.test(w)) return w;
  // Not the s of "starttls", "address", "status", "alias".
  return w.replace(/(?:ing|ed|es|(?<![slui])s)$/, '');
}

const field = (text: string, weight: number, quotable: boolean): Field => ({
  words: ` ${searchWords(text).join(' ')} `,
  weight,
  quotable,
});

/**
 * A provider text as a search hit. Its bounce type is the text's own (textBounceType), not its code
 * page's: GoDaddy's "550 … too many recipients this hour" is a soft bounce to retry, and showing the
 * 550 page's "Hard bounce" beside "Retry later" would read as a contradiction.
 */
function variantHit(v: SearchVariant): Omit<Hit, 'score'> {
  const codesOf = [v.reply, v.enhanced].filter(Boolean).join(' ');
  return {
    kind: 'text',
    url: v.url,
    code: codesOf,
    label: `${v.provider}: ${codesOf}`,
    text: v.text,
    bounceType: textBounceType(v),
    verdict: v.verdict,
  };
}

export function prepareIndex(index: SearchIndex, base: string): PreparedIndex {
  const codes: PreparedIndex['codes'] = new Map();
  const docs: Doc[] = [];
  index.codes.forEach(([code, title], i) => {
    const [bounceType, verdict, seen, keywords, summary] = index.facts?.[i] ?? ['info', 'none', 0, '', ''];
    codes.set(code, { code, title, bounceType, verdict, summary });
    docs.push({
      hit: { kind: 'code', url: codeUrl(code, base), code, label: `${code} ${title}`, bounceType, verdict, summary },
      // The summary says what the page explains; a keyword only that the words lead there.
      fields: [
        field(title, 3, true),
        field(summary, 2.8, false),
        ...keywords.split('|').map((k) => field(k, 2.5, false)),
      ],
      seen,
      mta: false,
    });
  });
  const variants = expandVariants(index, base, codes);
  for (const v of variants) {
    docs.push({
      hit: variantHit(v),
      fields: [field(v.text, 2, true), field(v.provider, 1, false)],
      seen: 0,
      mta: v.kind === 'mta',
    });
  }
  for (const [id, name] of index.providers ?? [])
    docs.push({
      hit: { kind: 'provider', url: withBase(`providers/${id}/`, base), label: `${name}: every text it sends` },
      fields: [field(name, 3, true)],
      seen: 0,
      mta: false,
    });
  let matcher: VariantMatcher<SearchVariant> | undefined;
  return { codes, variants, docs, matcher: () => (matcher ??= createMatcher(variants)) };
}

/** The code a page URL is about ("/codes/5.1.1/", under any base), for a full-text hit's badges. */
export function codeOfPageUrl(url: string, index: Pick<PreparedIndex, 'codes'> | undefined) {
  const m = /\/codes\/([0-9.]+)\/$/.exec(url);
  return m ? index?.codes.get(m[1]) : undefined;
}

/**
 * Rank the index for the words of a query (codes already taken out). Every meaningful word must
 * occur (a word may start another: "tls" in "starttls"). Best first:
 *  1. the query quotes most of a title or a provider text ("relay access denied", "mailbox full");
 *  2. the words stand together, as a phrase, in a title, a keyword or a text;
 *  3. all words in one field, then spread over several;
 *  then pages that hold the phrase in more places, the codes senders meet most (provider texts on the page), the MTA's own text, data order.
 */
export function rankWords(words: string, index: PreparedIndex, limit = 20): Hit[] {
  const terms = searchWords(words).filter((t) => !STOP.has(t));
  if (terms.length === 0) return [];
  const phrase = ` ${terms.join(' ')}`;
  const has = (f: Field, t: string) => f.words.includes(` ${t}`) || (t.length >= 3 && f.words.includes(t));
  const scored: Hit[] = [];
  index.docs.forEach((doc, order) => {
    if (!terms.every((t) => doc.fields.some((f) => has(f, t)))) return;
    let best = 0;
    let phrases = 0;
    for (const f of doc.fields) {
      let s: number;
      const at = f.words.indexOf(phrase.trimStart());
      if (at >= 0) {
        phrases++;
        s = f.weight * 10;
        // The words are most of the field: the reader quotes this title or text.
        if (f.quotable && phrase.length / f.words.length >= 0.6) s += 25;
      } else if (terms.every((t) => has(f, t))) s = f.weight * 5;
      else s = f.weight * 2;
      best = Math.max(best, s);
    }
    // A page that names the thing in several places is more about it (term frequency, capped).
    const more = Math.min(8, 2 * Math.max(0, phrases - 1));
    const score = best + more + Math.log2(1 + doc.seen) + (doc.mta ? 0.5 : 0) - order * 1e-6;
    scored.push({ ...doc.hit, score });
  });
  return scored.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** A hit strong enough to stand above full-text results: the words stand together somewhere. */
export const STRONG = 2 * 10;

/**
 * Documented codes that start with what is typed, for suggestions while a code is half typed
 * ("5.7.2" → 5.7.2, 5.7.20 …; "42" → 421, 422 …). The exact code, if any, comes first.
 */
export function codesStartingWith(typed: string, index: PreparedIndex, limit = 6): string[] {
  const q = typed.trim();
  if (!/^[2-5](?:[0-9]{0,2}|\.[0-9]{0,3}(?:\.[0-9]{0,3})?)$/.test(q)) return [];
  const out = [...index.codes.keys()].filter((c) => c.startsWith(q));
  out.sort((a, b) => (a === q ? -1 : b === q ? 1 : a.length - b.length));
  return out.slice(0, limit);
}

/** What the search page and the header box show, in order, before full-text results. */
export interface LocalResults {
  /** Documented codes in the query (exact), then codes being typed. */
  codes: Hit[];
  /** Provider texts: those carrying a code of the query, or matching its words. */
  texts: Hit[];
  /** Code pages and provider pages found by their titles and keywords. */
  pages: Hit[];
  exact: ExactResult;
}

/**
 * Exact codes, then provider texts, then pages, from the index alone (no full-text search).
 * `typing`: the query is still being typed, so a code also suggests the longer codes it starts.
 */
export function searchLocal(query: string, index: PreparedIndex, limit = 8, typing = false): LocalResults {
  const exact = exactCodeSearch(query, index.codes);
  const codeHit = (c: string): Hit => {
    const e = index.codes.get(c)!;
    return {
      kind: 'code',
      url: '',
      code: c,
      label: `${c} ${e.title}`,
      bounceType: e.bounceType,
      verdict: e.verdict,
      summary: e.summary || undefined,
      score: 100,
    };
  };
  // The exact code, then (while a code is still being typed) the documented codes it starts.
  const codeList = exact.documented.map((c) => c.code);
  if (typing || codeList.length === 0)
    for (const c of codesStartingWith(query, index)) if (!codeList.includes(c)) codeList.push(c);
  const byUrl = new Map(index.docs.filter((d) => d.hit.kind === 'code').map((d) => [d.hit.code, d.hit.url]));
  const codes = codeList.map((c) => ({ ...codeHit(c), url: byUrl.get(c) ?? '' }));
  const texts: Hit[] = [];
  const textHit = (v: SearchVariant, score: number): Hit => ({
    ...variantHit(v),
    score,
  });
  // A pasted reply (codes and words): the provider text it is (the analyzer's matcher: codes, recipient domain, specificity).
  if (exact.found.length > 0 && /\S+\s+\S+\s+\S+/.test(query)) {
    const domain = /@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/.exec(query.slice(0, 2000))?.[1];
    const hints = {
      reply: exact.found.find((c) => !c.includes('.')),
      enhanced: exact.found.find((c) => c.includes('.')),
      domain,
    };
    for (const { variant } of index.matcher().rank(query.slice(0, 2000), hints, 5)) texts.push(textHit(variant, 95));
  }
  // Texts that carry a code nobody documents (5.7.708): the provider's own text says what it is.
  for (const code of exact.undocumented)
    for (const v of index.variants)
      if ((v.enhanced === code || (!v.enhanced && v.reply === code)) && !texts.some((t) => t.url === v.url))
        texts.push(textHit(v, 90));
  const ranked = rankWords(exact.words, index, 40).filter((h) => h.score >= STRONG || exact.found.length === 0);
  // With a code in the query, a text counts only when it carries one of the query's codes.
  const fits = (h: Hit) => exact.found.length === 0 || exact.found.some((c) => (h.code ?? '').split(' ').includes(c));
  for (const h of ranked) if (h.kind === 'text' && fits(h) && !texts.some((t) => t.url === h.url)) texts.push(h);
  const pages = ranked.filter((h) => h.kind !== 'text' && !codes.some((c) => c.url === h.url));
  return { codes: codes.slice(0, limit), texts: texts.slice(0, limit), pages: pages.slice(0, limit), exact };
}

/** Meaningful words of a query, stemmed (what every match must contain). */
export function queryTerms(words: string): string[] {
  return [...new Set(searchWords(words).filter((t) => !STOP.has(t)))];
}

/** A piece of an excerpt: plain text, or a word the query matched. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

export interface Excerpt {
  parts: ExcerptPart[];
  /** How many of the query's terms the whole content holds. */
  matched: number;
  terms: number;
}

/** Many commas or quotes and few verbs: an "Also reported as" list, not a sentence. */
const listLike = (s: string) => (s.match(/[,;"“”|·]/g)?.length ?? 0) / Math.max(1, s.split(/\s+/).length);

/**
 * The sentence of a page's text that holds most of the query's words, with those words marked:
 * a sentence that says something, not the keyword list the words also appear in. Long sentences
 * are cut around the first match to about `max` characters.
 */
export function bestSentence(content: string, words: string, max = 220): Excerpt {
  const terms = queryTerms(words);
  const hits = (w: string) => {
    const s = stem(w.toLowerCase());
    return terms.some((t) => s.startsWith(t) || (t.length >= 3 && s.includes(t)));
  };
  const sentences = content
    .slice(0, 100_000)
    .split(/(?<=[.!?:])\s+(?=["“(]?[\p{Lu}0-9])|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const all = new Set(searchWords(content.slice(0, 100_000)));
  const matched = terms.filter((t) => [...all].some((w) => w.startsWith(t) || (t.length >= 3 && w.includes(t)))).length;
  let best = '';
  let bestScore = -Infinity;
  for (const s of sentences) {
    const ws = searchWords(s);
    const n = terms.filter((t) => ws.some((w) => w.startsWith(t) || (t.length >= 3 && w.includes(t)))).length;
    if (n === 0) continue;
    const score = n * 10 - listLike(s) * 20 - (s.length > 400 ? 3 : 0);
    if (score > bestScore) [best, bestScore] = [s, score];
  }
  if (!best) best = sentences[0] ?? '';
  if (best.length > max) {
    const first = best.split(/(?=[^\p{L}\p{N}])/u).findIndex((w) => hits(w.replace(/^[^\p{L}\p{N}]+/u, '')));
    const offset = best
      .split(/(?=[^\p{L}\p{N}])/u)
      .slice(0, Math.max(0, first))
      .join('').length;
    const from = Math.max(0, Math.min(offset - 60, best.length - max));
    const cut = best.slice(from, from + max);
    best = `${from > 0 ? '…' : ''}${cut.trim()}${from + max < best.length ? '…' : ''}`;
  }
  const parts: ExcerptPart[] = [];
  for (const piece of best.split(/([\p{L}\p{N}]+)/u)) {
    if (!piece) continue;
    const mark = /^[\p{L}\p{N}]+$/u.test(piece) && !STOP.has(piece.toLowerCase()) && hits(piece);
    const last = parts.at(-1);
    if (last && last.mark === mark && !mark) last.text += piece;
    else parts.push({ text: piece, mark });
  }
  return { parts, matched, terms: terms.length };
}

/** "8 of 37 results", "1 result", never "8 results" when the list was cut. */
export function countText(shown: number, total: number, query: string): string {
  const q = `“${query}”`;
  if (total === 0) return `No results for ${q}.`;
  if (shown >= total) return `${total} result${total === 1 ? '' : 's'} for ${q}.`;
  return `Showing ${shown} of ${total} results for ${q}.`;
}

/**
 * Where Enter sends a query with no suggestion highlighted: codes typed alone ("550", "5.7.26",
 * "550 5.1.1") to the most specific documented one's page, a pasted bounce to the analyzer with
 * the text in the URL fragment only, anything else to the search page.
 */
export function routeQuery(query: string, base: string, index?: Pick<PreparedIndex, 'codes'>): string {
  const q = query.trim();
  if (looksLikePastedBounce(q)) return withBase('analyze/', base) + (encodeShare(q) ?? encodeShare(q.slice(0, 2000)));
  if (index && /^[0-9.\s-]+$/.test(q)) {
    const exact = exactCodeSearch(q, index.codes);
    if (exact.documented.length > 0 && exact.undocumented.length === 0 && !exact.words)
      return codeUrl(exact.documented[0].code, base);
  }
  return `${withBase('search/', base)}?q=${encodeURIComponent(q)}`;
}
