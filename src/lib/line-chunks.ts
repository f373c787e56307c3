/**
 * Cuts a stream of text (a mail log of any size) into pieces the analyzer can read one at a time,
 * in bounded memory, without cutting through anything that belongs together: a reply wrapped onto
 * indented or lower-case lines, a multi-line reply ("550-…" then "550 …"), or an RFC 3464
 * per-recipient block (its Final-Recipient and Diagnostic-Code must stay in one piece). Pure.
 */

export interface Piece {
  text: string;
  /** 1-based line number of the piece's first line in the whole input. */
  firstLine: number;
  lines: number;
}

export interface ChunkStats {
  /** Lines read (a last line without a line break counts). */
  lines: number;
  /** Lines longer than maxLineChars, cut to that length (the rest of such a line is not read). */
  longLinesCut: number;
  /** Pieces cut where no safe place was found within hardLines / hardChars (a giant record). */
  forcedCuts: number;
}

export interface ChunkOptions {
  /** A piece is cut once it holds this many lines or characters, at the last safe place. */
  lines: number;
  chars: number;
  /** Past these, it is cut where it stands (counted in forcedCuts). */
  hardLines: number;
  hardChars: number;
  maxLineChars: number;
}

export const DEFAULT_CHUNKS: ChunkOptions = {
  lines: 5_000,
  chars: 1 << 20,
  hardLines: 20_000,
  hardChars: 3 << 20, // under the analyzer's 4 MB, so no piece is ever cut by it
  maxLineChars: 64 << 10,
};

const DSN_FIELD = /^(?:final-recipient|original-recipient|action|status|diagnostic-code|remote-mta)\s*:/i;
const MULTILINE_REPLY = /^[\s>]*[2-5][0-9]{2}-/;

/** Whether a piece may end before line i (i ≥ 1): line i starts something new. */
function startsRecord(line: string, prev: string, inDsnBlock: boolean): boolean {
  if (prev.trim() === '') return true; // a blank line ends every record
  if (inDsnBlock) return false;
  if (line.trim() === '' || /^[ \t]/.test(line) || /^[a-z]/.test(line)) return false; // blank, or a wrapped line
  return !MULTILINE_REPLY.test(prev);
}

export class LineChunker {
  readonly stats: ChunkStats = { lines: 0, longLinesCut: 0, forcedCuts: 0 };
  private readonly o: ChunkOptions;
  private partial = '';
  /** The partial line grew past maxLineChars: skip the rest of it. */
  private skipping = false;
  private pending: string[] = [];
  /**
   * Where each pending line sits in a text given to push(), when it is that text's characters as
   * they were (not cut, no CR, not begun in an earlier text): index into `sources` and the offset.
   * A piece of such lines is then one slice of that text, not a copy of each line (join() copied
   * ~5 ms per MB: a tenth of the command line's time on a log).
   */
  private pendingFrom: number[] = [];
  private pendingAt: number[] = [];
  private sources: string[] = [];
  private pendingChars = 0;
  private nextLine = 1;

  constructor(options: Partial<ChunkOptions> = {}) {
    this.o = { ...DEFAULT_CHUNKS, ...options };
  }

  /** Feed more text; returns the pieces that are complete. */
  push(text: string): Piece[] {
    let at = 0;
    const source = this.sources.push(text) - 1;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', at)) {
      const fresh = this.partial === '' && !this.skipping;
      this.addToPartial(text.slice(at, nl));
      this.endLine(fresh ? source : -1, at);
      at = nl + 1;
    }
    this.addToPartial(text.slice(at));
    return this.cut(false);
  }

  /** The input ended: the rest, as pieces. */
  end(): Piece[] {
    if (this.partial || this.skipping) this.endLine();
    return this.cut(true);
  }

  private addToPartial(s: string): void {
    if (this.skipping || !s) return;
    const room = this.o.maxLineChars - this.partial.length;
    if (s.length > room) {
      this.partial += s.slice(0, room);
      this.skipping = true;
      this.stats.longLinesCut++;
    } else this.partial += s;
  }

  private endLine(source = -1, at = 0): void {
    const cr = this.partial.endsWith('\r');
    const line = cr ? this.partial.slice(0, -1) : this.partial;
    // As it was in the source: begun there (source >= 0), not cut, nothing stripped.
    this.pendingFrom.push(source >= 0 && !this.skipping && !cr ? source : -1);
    this.pendingAt.push(at);
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    this.stats.lines++;
    this.partial = '';
    this.skipping = false;
  }

  private cut(final: boolean): Piece[] {
    const out: Piece[] = [];
    while (this.pending.length > 0) {
      const full = this.pending.length > this.o.lines || this.pendingChars > this.o.chars;
      let n: number;
      if (!full) {
        if (!final) break;
        n = this.pending.length;
      } else {
        // The last safe place within the size, else the first one after it, within the hard limits.
        const hard = this.fitting(this.o.hardLines, this.o.hardChars);
        n = this.safeCut(this.fitting(this.o.lines, this.o.chars), hard);
        if (n === 0) {
          if (hard === this.pending.length && !final) break; // wait for the end of this record
          n = hard;
          if (n < this.pending.length) this.stats.forcedCuts++;
        }
      }
      const lines = this.pending.splice(0, n);
      const from = this.pendingFrom.splice(0, n);
      const at = this.pendingAt.splice(0, n);
      for (const l of lines) this.pendingChars -= l.length + 1;
      out.push({ text: this.joined(lines, from, at), firstLine: this.nextLine, lines: n });
      this.nextLine += n;
    }
    // The texts no pending line comes from any more are let go.
    const oldest = this.pendingFrom.reduce((a, b) => (b >= 0 && b < a ? b : a), this.sources.length - 1);
    for (let i = 0; i < oldest; i++) this.sources[i] = '';
    return out;
  }

  /**
   * lines.join('\n'): each run of lines that lie one after another in the same source is one slice
   * of it (a piece read from one pushed text is a single slice, no copy).
   */
  private joined(lines: string[], from: number[], at: number[]): string {
    let text = '';
    for (let i = 0; i < lines.length;) {
      let j = i;
      if (from[i] >= 0)
        while (j + 1 < lines.length && from[j + 1] === from[i] && at[j + 1] === at[j] + lines[j].length + 1) j++;
      const run = j > i ? this.sources[from[i]].slice(at[i], at[j] + lines[j].length) : lines[i];
      text = i === 0 ? run : `${text}\n${run}`;
      i = j + 1;
    }
    return text;
  }

  /** How many pending lines fit in a piece of at most maxLines lines and maxChars characters (at least 1). */
  private fitting(maxLines: number, maxChars: number): number {
    let chars = 0;
    const limit = Math.min(this.pending.length, maxLines);
    for (let i = 0; i < limit; i++) {
      chars += this.pending[i].length + 1;
      if (chars > maxChars) return Math.max(1, i);
    }
    return limit;
  }

  /**
   * How many pending lines can go out as a piece, ending at a safe place: the most up to `max`,
   * else the fewest up to `hard` (0: no safe place yet).
   */
  private safeCut(max: number, hard: number): number {
    const p = this.pending;
    // Which lines sit in a blank-line-delimited block that holds a DSN field.
    const dsn = new Uint8Array(p.length);
    let start = 0;
    let has = false;
    for (let i = 0; i <= p.length; i++) {
      if (i === p.length || p[i].trim() === '') {
        if (has) dsn.fill(1, start, i);
        start = i + 1;
        has = false;
      } else if (DSN_FIELD.test(p[i])) has = true;
    }
    // The last block may go on in text not read yet: cut before it, never inside it.
    const safe = (i: number) => startsRecord(p[i], p[i - 1], dsn[i] === 1);
    for (let i = Math.min(max, p.length - 1); i >= 1; i--) if (safe(i)) return i;
    for (let i = max + 1; i <= Math.min(hard, p.length - 1); i++) if (safe(i)) return i;
    return 0;
  }
}

/**
 * The first records of a long log, about `chars` long and ending where a piece may end (never inside
 * a wrapped reply or a DSN block): what the page reads first, to show something while it reads the
 * rest. Undefined when the text is not longer, or no such place is found near the start.
 */
export function leadingRecords(text: string, chars: number): string | undefined {
  if (text.length <= chars) return undefined;
  // Four times the size is room enough to find the end of the record that crosses it.
  const chunker = new LineChunker({ chars, hardChars: chars * 3 });
  const [first] = chunker.push(text.slice(0, chars * 4));
  return chunker.stats.forcedCuts ? undefined : first?.text;
}

const TIMESTAMP =
  /^(?:[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}|@?[0-9]{10}(?:\.[0-9]+)?\s)/;

/** A mail log (Postfix, Exim, Sendmail…): most lines start with a time stamp. */
export function looksLikeLog(sample: string): boolean {
  const lines = sample
    .split('\n', 400)
    .filter((l) => l.trim())
    .slice(0, 200);
  if (lines.length < 2) return false;
  return lines.filter((l) => TIMESTAMP.test(l)).length >= lines.length * 0.6;
}

/** Bytes to text in one place: UTF-8 when the bytes are UTF-8, else byte for byte (Latin-1), losing nothing. */
export function decodeBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let out = '';
    for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return out;
  }
}
