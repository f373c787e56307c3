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
  re: RegExp;
  /** Lower-cased pieces one of which every match contains; empty: no such piece, always try the pattern. */
  anchors: string[];
  domains: Set<string>;
  /** How much plain text every match must contain (fixedTextLength). */
  fixed: number;
  order: number;
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

/** Aho-Corasick over lower-cased strings: which of the words occur in a text, in one pass. */
class Automaton {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];

  constructor(words: string[]) {
    words.forEach((w, id) => {
      let s = 0;
      for (let i = 0; i < w.length; i++) {
        const c = w.charCodeAt(i);
        let t = this.next[s].get(c);
        if (t === undefined) {
          t = this.next.push(new Map()) - 1;
          this.fail.push(0);
          this.out.push([]);
          this.next[s].set(c, t);
        }
        s = t;
      }
      this.out[s].push(id);
    });
    // Breadth first: a state's failure link is the longest proper suffix that is also a prefix.
    const queue = [...this.next[0].values()];
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      for (const [c, t] of this.next[s]) {
        let f = this.fail[s];
        while (f && !this.next[f].has(c)) f = this.fail[f];
        const g = this.next[f].get(c);
        this.fail[t] = g !== undefined && g !== t ? g : 0;
        this.out[t] = [...this.out[t], ...this.out[this.fail[t]]];
        queue.push(t);
      }
    }
  }

  find(text: string): Set<number> {
    const found = new Set<number>();
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let t = this.next[s].get(c);
      while (t === undefined && s) {
        s = this.fail[s];
        t = this.next[s].get(c);
      }
      s = t ?? 0;
      for (const id of this.out[s]) found.add(id);
    }
    return found;
  }
}

export function createMatcher<V extends MatchableVariant>(variants: readonly V[]): VariantMatcher<V> {
  const compiled: Compiled<V>[] = variants.map((variant, order) => ({
    variant,
    re: new RegExp(variant.pattern, 'i'),
    anchors: literalAnchors(variant.pattern),
    domains: new Set((variant.domains ?? []).map((d) => d.toLowerCase())),
    fixed: fixedTextLength(variant.pattern),
    order,
  }));

  // One pass over the text finds every anchor (Aho-Corasick); only the patterns whose anchor is
  // there, and the few without one, are run.
  const unanchored = compiled.filter((c) => c.anchors.length === 0);
  const anchorOwners: Compiled<V>[][] = [];
  const anchorIds = new Map<string, number>();
  for (const c of compiled)
    for (const a of c.anchors) {
      if (!anchorIds.has(a)) anchorIds.set(a, anchorOwners.push([]) - 1);
      anchorOwners[anchorIds.get(a)!].push(c);
    }
  const automaton = new Automaton([...anchorIds.keys()]);

  function candidates(text: string, hints: MatchHints) {
    const input = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
    const domain = hints.domain?.toLowerCase();
    const out: { c: Compiled<V>; start: number; end: number; key: number[] }[] = [];
    const found = automaton.find(input.toLowerCase());
    const tried = new Set<Compiled<V>>(unanchored);
    for (const id of found) for (const c of anchorOwners[id]) tried.add(c);
    for (const c of [...tried].sort((a, b) => a.order - b.order)) {
      const m = c.re.exec(input);
      if (!m) continue;
      const v = c.variant;
      const codes =
        (v.enhanced && v.enhanced === hints.enhanced ? 2 : 0) + (v.reply && v.reply === hints.reply ? 1 : 0);
      const home = domain && c.domains.has(domain) ? 1 : 0;
      out.push({
        c,
        start: m.index,
        end: m.index + m[0].length,
        // More fixed text is more specific: "blocked using zen.spamhaus.org" beats a generic
        // "blocked using" whose gaps happen to match a longer span.
        // A block list's or filter's own text names the list or gateway behind a refusal: it beats
        // the generic MTA template ("Client host [ip] blocked using …") the refusal is built on.
        key: [
          codes,
          home,
          v.kind === 'blocklist' || v.kind === 'filter' ? 1 : 0,
          c.fixed,
          m[0].length,
          v.kind === 'mta' ? 1 : 0,
          -c.order,
        ],
      });
    }
    return out;
  }

  const better = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
    return false;
  };

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
