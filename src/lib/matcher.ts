/**
 * The one provider-text matcher: which provider variant (an exact text a provider sends, with a
 * pattern that recognises it) a piece of text is credited to. The bounce analyzer, the command line
 * and the search page all ask this module, so a text is credited the same way everywhere. Pure.
 *
 * Ranking, best first:
 *  1. codes: the variant's enhanced code is the one seen (2), its reply code is the one seen (1);
 *  2. the recipient's domain is one the variant's provider hosts (two providers can send the same
 *     Postfix text; the domain says whose server answered);
 *  3. a block list's or spam filter's own text over any other (it names the list behind a
 *     refusal built on a generic MTA template);
 *  4. the more fixed text the pattern demands, then the longer matched text: "blocked using
 *     zen.spamhaus.org" is more specific than a generic "blocked using", and "Relaying denied.
 *     Proper authentication required" than "... Relaying denied", which it contains;
 *  5. the software that writes the text (kind `mta`) over a provider that merely runs it;
 *  6. data order.
 *
 * Patterns are contributor data, so they are proven linear-time before they get here (see
 * pattern-safety.ts); this module only runs them.
 */

export interface MatchableVariant {
  id: string;
  reply?: string;
  enhanced?: string;
  /** Case-insensitive regular expression (JavaScript syntax). */
  pattern: string;
  /** Domains the variant's provider hosts (mailbox providers). */
  domains?: readonly string[];
  /** The provider's kind: `mta` is the software the text comes from. */
  kind?: string;
}

/** What the caller already knows about the text: its codes and the failing recipient's domain. */
export interface MatchHints {
  reply?: string;
  enhanced?: string;
  domain?: string;
}

export interface VariantMatch<V> {
  variant: V;
  /** Where the variant's text is in the text given. */
  start: number;
  end: number;
}

export interface VariantMatcher<V> {
  /** The variant the text is credited to, if any. */
  match(text: string, hints?: MatchHints): VariantMatch<V> | undefined;
  /** Every variant whose text occurs, best first (the search page lists several). */
  rank(text: string, hints?: MatchHints, limit?: number): VariantMatch<V>[];
}

/** Longest text looked at: a provider text sits in the first lines of a reply. */
const MAX_TEXT = 20_000;

interface Compiled<V> {
  variant: V;
  /** Made when first needed: most patterns never run in a given text (and 473 cost ~5 ms at start-up). */
  re?: RegExp;
  /** Lower-cased pieces one of which every match contains; empty: no such piece, always try the pattern. */
  anchors: string[];
  /** The provider's domains, lower-cased: made when the pattern first matches. */
  domains?: Set<string>;
  /** How much plain text every match must contain (fixedTextLength). */
  fixed: number;
  order: number;
}

/**
 * Until the matcher has read this many characters, each text is tested for every anchor with
 * includes() instead of through a WordFinder: building the finder costs ~5 ms, a few short texts
 * (the command line on one line) far less. Both find the same anchors. Not more: before the engine
 * optimises it, each plain look-up walks all ~470 variants (at 8,000 characters, ~25 ms of a big
 * paste's first analysis).
 */
export const PLAIN_ANCHORS_UP_TO = 2_000;

export interface MatcherOptions {
  /** Characters read with plain includes() before the WordFinder is built (PLAIN_ANCHORS_UP_TO). */
  plainUpTo?: number;
}

/** The branches of a pattern's top-level alternation ("a|b(c|d)" → "a", "b(c|d)"). */
function topLevelBranches(pattern: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(pattern.slice(from, i));
      from = i + 1;
    }
  }
  out.push(pattern.slice(from));
  return out;
}

/** One piece per top-level branch that a match of that branch must contain ([] when a branch has none). */
export function literalAnchors(pattern: string): string[] {
  const anchors = topLevelBranches(pattern).map(literalAnchor);
  return anchors.every((a) => a.length >= 3) ? [...new Set(anchors)] : [];
}

/** The longest plain run of a pattern without top-level alternation, lower-cased ('' when none). */
export function literalAnchor(pattern: string): string {
  return literalRuns(pattern).reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** How much plain text every match must contain: the runs of a pattern added up (0 when unsure). */
export function fixedTextLength(pattern: string): number {
  return literalRuns(pattern).reduce((n, r) => n + r.length, 0);
}

/** The plain runs of a pattern without top-level alternation, lower-cased ([] when none or unsure). */
function literalRuns(pattern: string): string[] {
  if (topLevelBranches(pattern).length > 1) return [];
  // Escapes that take arguments (\x41, \u0041, \p{L}, \1, \k<n>) could be misread as literal text.
  if (/\\[xucpPk0-9]/.test(pattern)) return [];
  // Keep escaped punctuation as itself; NUL ends a run at any other escape (\d, \s, \b …).
  const plain = pattern.replace(/\\./g, (m) => (/[\\.[\]()|?*+{}^$/-]/.test(m[1]) ? `\u0001${m[1]}` : '\u0000'));
  // A group, class or quantifier ends a run; a character made optional by ?, * or {0,…} leaves it.
  const runs: string[] = [];
  let run = '';
  let inClass = false;
  let groupDepth = 0;
  for (let i = 0; i < plain.length; i++) {
    let c = plain[i];
    if (c === '\u0001') {
      c = plain[++i];
      if (!inClass && groupDepth === 0) run += c;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      runs.push(run);
      run = '';
    } else if (c === '(') {
      groupDepth++;
      runs.push(run);
      run = '';
    } else if (c === ')') groupDepth--;
    else if (groupDepth > 0) continue;
    else if (c === '?' || c === '*' || c === '{') {
      // the character before is optional (or repeated a range of times): drop it from the run
      runs.push(run.slice(0, -1));
      run = '';
      if (c === '{') i = plain.indexOf('}', i);
    } else if (c === '+') {
      runs.push(run);
      run = '';
    } else if (c === '\u0000' || c === '.' || c === '^' || c === '$') {
      runs.push(run);
      run = '';
    } else run += c;
  }
  runs.push(run);
  return runs.filter(Boolean).map((r) => r.toLowerCase());
}

/** Every window a finder keys on is this long; shorter words are looked for with includes(). */
const WINDOW = 4;

/** Where each word's window starts: the window fewest other words share (-1: a word too short for one). */
export function windowOffsets(words: readonly string[]): number[] {
  const windows = (w: string) => Array.from({ length: Math.max(0, w.length - WINDOW + 1) }, (_, j) => pack(w, j));
  const shared = new Map<number, number>();
  for (const w of words) for (const key of new Set(windows(w))) shared.set(key, (shared.get(key) ?? 0) + 1);
  return words.map((w) => {
    const keys = windows(w);
    let offset = keys.length ? 0 : -1;
    for (let j = 1; j < keys.length; j++) if (shared.get(keys[j])! < shared.get(keys[offset])!) offset = j;
    return offset;
  });
}

/**
 * Which of many lower-case words a lower-cased text holds. Each word is keyed on one 4-character
 * window of it (windowOffsets); one pass over the text packs the last four characters into a
 * number, and a bit table says at once whether any word is keyed on it. Only then is the word
 * compared. Given its offsets, building it costs next to nothing, which matters at the CLI's
 * start-up (an Aho-Corasick automaton over these words cost ~40 ms there).
 */
export class WordFinder {
  private readonly words: readonly string[];
  private readonly bits = new Uint8Array(1 << 16);
  /** Packed window → the words keyed on it, with where the window sits in each. */
  private readonly keyed = new Map<number, { word: number; offset: number }[]>();
  private readonly short: number[] = [];

  constructor(words: readonly string[], offsets: readonly number[] = windowOffsets(words)) {
    this.words = words;
    words.forEach((w, word) => {
      const offset = offsets[word];
      if (offset < 0 || offset + WINDOW > w.length) {
        this.short.push(word);
        return;
      }
      const key = pack(w, offset);
      this.bits[slot(key)] = 1;
      const list = this.keyed.get(key);
      if (list) list.push({ word, offset });
      else this.keyed.set(key, [{ word, offset }]);
    });
  }

  /** The ids of the words the text holds (a word found twice may be listed twice). */
  find(lower: string): number[] {
    const found: number[] = [];
    const { bits, keyed, words, short } = this;
    for (let s = 0; s < short.length; s++) if (lower.includes(words[short[s]])) found.push(short[s]);
    // Plain indexed loops and slot() written out: a big paste's first analysis runs before this is
    // optimised, where a call or an iterator per character costs more than the test itself.
    let key = 0;
    for (let i = 0; i < lower.length; i++) {
      key = (key << 8) | (lower.charCodeAt(i) & 0xff);
      if (bits[Math.imul(key, 0x9e3779b1) >>> 16] === 0 || i < WINDOW - 1) continue;
      const list = keyed.get(key);
      if (list)
        for (let n = 0; n < list.length; n++) {
          const at = i + 1 - WINDOW - list[n].offset;
          if (at >= 0 && lower.startsWith(words[list[n].word], at)) found.push(list[n].word);
        }
    }
    return found;
  }
}

/** Four characters as one number (their low bytes: a non-ASCII clash is settled by the comparison). */
function pack(s: string, at: number): number {
  let key = 0;
  for (let i = at; i < at + WINDOW; i++) key = (key << 8) | (s.charCodeAt(i) & 0xff);
  return key;
}
const slot = (key: number) => Math.imul(key, 0x9e3779b1) >>> 16;

/** What createMatcher learns from each pattern; the CLI works it out once, with its knowledge. */
export interface PatternFacts {
  anchors: string[];
  fixed: number;
  /** Where the finder's window starts in each anchor (windowOffsets over all the anchors). */
  windows: number[];
}

export function patternFacts(patterns: readonly string[]): PatternFacts[] {
  const anchors = patterns.map(literalAnchors);
  const words = [...new Set(anchors.flat())];
  const offsets = new Map(windowOffsets(words).map((o, i) => [words[i], o]));
  return patterns.map((p, i) => ({
    anchors: anchors[i],
    fixed: fixedTextLength(p),
    windows: anchors[i].map((a) => offsets.get(a)!),
  }));
}

/**
 * One pass over a text finds every anchor (a WordFinder over all of them); only the patterns whose
 * anchor is there, and the few without one, are run.
 */
function anchorIndex<V>(compiled: readonly Compiled<V>[], facts: readonly PatternFacts[]) {
  const unanchored = compiled.filter((c) => c.anchors.length === 0).map((c) => c.order);
  const anchorOwners: number[][] = [];
  const anchorIds = new Map<string, number>();
  const offsets: number[] = [];
  for (const c of compiled)
    c.anchors.forEach((a, i) => {
      if (!anchorIds.has(a)) {
        anchorIds.set(a, anchorOwners.push([]) - 1);
        offsets.push(facts[c.order].windows[i]);
      }
      anchorOwners[anchorIds.get(a)!].push(c.order);
    });
  const finder = new WordFinder([...anchorIds.keys()], offsets);
  // Which variants this call has listed already (a stamp per call, so nothing is cleared or allocated).
  const listed = new Uint32Array(compiled.length);
  let call = 0;
  /** The variants to try on a lower-cased text, in data order. */
  return (lower: string): number[] => {
    const tried = unanchored.slice();
    if (++call === 0xffffffff) {
      listed.fill(0);
      call = 1;
    }
    // Indexed loops: a big paste's first analysis runs this before it is optimised, where an
    // iterator per text costs more than the look-ups.
    const found = finder.find(lower);
    for (let f = 0; f < found.length; f++) {
      const owners = anchorOwners[found[f]];
      for (let o = 0; o < owners.length; o++)
        if (listed[owners[o]] !== call) {
          listed[owners[o]] = call;
          tried.push(owners[o]);
        }
    }
    // Data order, as the ranking's last tie-break expects (the unanchored never repeat an anchored one).
    return tried.length > 1 ? tried.sort(ascending) : tried;
  };
}

const ascending = (a: number, b: number) => a - b;

/** The variants to try on a lower-cased text, in data order, by includes() on each anchor. */
function plainTried<V>(compiled: readonly Compiled<V>[], lower: string): number[] {
  const tried: number[] = [];
  for (const c of compiled) {
    const { anchors } = c;
    if (anchors.length === 0) tried.push(c.order);
    else
      for (const a of anchors)
        if (lower.includes(a)) {
          tried.push(c.order);
          break;
        }
  }
  return tried;
}

/** Compares two rank keys: true when `a` ranks above `b` (the first place they differ decides). */
function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/** How well a variant that matched `length` characters fits the text, as a key compared by better(). */
function rankKey<V extends MatchableVariant>(
  c: Compiled<V>,
  length: number,
  hints: MatchHints,
  domain?: string,
): number[] {
  const v = c.variant;
  const codes = (v.enhanced && v.enhanced === hints.enhanced ? 2 : 0) + (v.reply && v.reply === hints.reply ? 1 : 0);
  const home = domain && (c.domains ??= new Set((v.domains ?? []).map((d) => d.toLowerCase()))).has(domain) ? 1 : 0;
  // More fixed text is more specific: "blocked using zen.spamhaus.org" beats a generic "blocked using"
  // whose gaps happen to match a longer span. A block list's or filter's own text names the list or
  // gateway behind a refusal: it beats the generic MTA template ("Client host [ip] blocked using …")
  // the refusal is built on.
  const named = v.kind === 'blocklist' || v.kind === 'filter' ? 1 : 0;
  return [codes, home, named, c.fixed, length, v.kind === 'mta' ? 1 : 0, -c.order];
}

/** `facts`: patternFacts of the variants' patterns, in order, when prepared beforehand. */
export function createMatcher<V extends MatchableVariant>(
  variants: readonly V[],
  facts: readonly PatternFacts[] = patternFacts(variants.map((v) => v.pattern)),
  options: MatcherOptions = {},
): VariantMatcher<V> {
  const compiled: Compiled<V>[] = variants.map((variant, order) => ({
    variant,
    anchors: facts[order].anchors,
    fixed: facts[order].fixed,
    order,
  }));
  let plainLeft = options.plainUpTo ?? PLAIN_ANCHORS_UP_TO;
  let indexed: ((lower: string) => number[]) | undefined;

  function candidates(text: string, hints: MatchHints) {
    const input = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
    const domain = hints.domain?.toLowerCase();
    const out: { c: Compiled<V>; start: number; end: number; key: number[] }[] = [];
    const lower = input.toLowerCase();
    plainLeft -= lower.length;
    const tried =
      indexed || plainLeft < 0 ? (indexed ??= anchorIndex(compiled, facts))(lower) : plainTried(compiled, lower);
    for (let t = 0; t < tried.length; t++) {
      const c = compiled[tried[t]];
      const m = (c.re ??= new RegExp(c.variant.pattern, 'i')).exec(input);
      if (!m) continue;
      out.push({ c, start: m.index, end: m.index + m[0].length, key: rankKey(c, m[0].length, hints, domain) });
    }
    return out;
  }

  return {
    match(text, hints = {}) {
      let best: ReturnType<typeof candidates>[number] | undefined;
      for (const x of candidates(text, hints)) if (!best || better(x.key, best.key)) best = x;
      return best && { variant: best.c.variant, start: best.start, end: best.end };
    },
    rank(text, hints = {}, limit = 5) {
      return candidates(text, hints)
        .sort((a, b) => (better(a.key, b.key) ? -1 : better(b.key, a.key) ? 1 : 0))
        .slice(0, limit)
        .map((x) => ({ variant: x.c.variant, start: x.start, end: x.end }));
    },
  };
}
