#!/usr/bin/env node
// Command-line bounce analyzer (the same analysis the /analyze/ page shows):
//   npm run -s analyze -- bounce.eml            one file (or standard input when none is given)
//   npm run -s analyze -- --ndjson DIR FILE …   many files, directories walked: one JSON line per file
// Mail logs (most lines time-stamped) and inputs over 4 MB are streamed in pieces, in bounded
// memory, and the output is streamed too. Runs on Node's own TypeScript support; no build needed.
import type { Stats } from 'node:fs';
import {
  analyze,
  analyzeEmail,
  MAX_INPUT,
  prepareKnowledge,
  type Feedback,
  type Finding,
  type PreparedKnowledge,
} from '../src/lib/analyzer.ts';
import { decodeBytes, LineChunker, looksLikeLog } from '../src/lib/line-chunks.ts';
import { loadKnowledge } from './knowledge.ts';

// (Built-in modules through process.getBuiltinModule: see bin/analyze.mjs.)
const { closeSync, createReadStream, fstatSync, openSync, readdirSync, readSync, statSync, writeSync } =
  process.getBuiltinModule('node:fs');
const { join } = process.getBuiltinModule('node:path');
const { fileURLToPath } = process.getBuiltinModule('node:url');

const USAGE = `usage: npm run -s analyze -- [options] [FILE]          one bounce, email or log (standard input when no FILE)
       npm run -s analyze -- --ndjson [options] PATH …  many files; directories are walked

Prints JSON: the findings (codes, provider text, verdict, evidence, warnings) and what was read.
  --ndjson   one line per input file: {"file": …, "findings": […], "read": {…}}
  --pretty   indented JSON (slower; for reading by eye)
  --compact  accepted for compatibility: the output is compact unless --pretty is given
  --prepare  build the command's bundle and knowledge cache now, read nothing (npm run build does it)
  -h, --help this text`;

/** A problem with how the command was called or what it was given: one line, no stack trace. */
class UsageError extends Error {}
/** Whoever reads the output has gone (`| head -1`): stop reading input. */
class OutputClosed extends Error {}

interface Options {
  ndjson: boolean;
  pretty: boolean;
  /** Only make the cache (the launcher has already built the bundle), so the first real run is fast. */
  prepare: boolean;
  paths: string[];
}

function parseArgs(args: string[]): Options | 'help' {
  const o: Options = { ndjson: false, pretty: false, prepare: false, paths: [] };
  let literal = false;
  for (const a of args) {
    if (literal || a === '-' || !a.startsWith('-')) o.paths.push(a);
    else if (a === '--') literal = true;
    else if (a === '--ndjson') o.ndjson = true;
    else if (a === '--pretty') o.pretty = true;
    else if (a === '--compact') continue;
    else if (a === '--prepare') o.prepare = true;
    else if (a === '-h' || a === '--help') return 'help';
    else throw new UsageError(`unknown option ${a} (see --help)`);
  }
  if (o.prepare && o.paths.length) throw new UsageError('--prepare reads no input: give it alone');
  if (!o.ndjson && o.paths.length > 1)
    throw new UsageError(`${o.paths.length} inputs given: add --ndjson to analyse many files (one JSON line per file)`);
  return o;
}

function statOrFail(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message}`,
    );
  }
}

/** Every file under the paths, directories walked in name order (dot-files and symlinked directories skipped). */
function* expand(paths: string[], allowDirs: boolean): Generator<string> {
  for (const path of paths) {
    if (path === '-') {
      yield path;
      continue;
    }
    let st: Stats;
    try {
      st = statOrFail(path);
    } catch (err) {
      if (!allowDirs) throw err;
      yield path; // in a batch, reported when it is opened, and the rest still runs
      continue;
    }
    if (!st.isDirectory()) {
      yield path;
      continue;
    }
    if (!allowDirs) throw new UsageError(`${path} is a directory: add --ndjson to analyse every file in it`);
    const walk = function* (dir: string): Generator<string> {
      for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.name.startsWith('.')) continue;
        const p = join(dir, e.name);
        if (e.isDirectory()) yield* walk(p);
        else if (e.isFile() || (e.isSymbolicLink() && statSync(p, { throwIfNoEntry: false })?.isFile())) yield p;
      }
    };
    yield* walk(path);
  }
}

/**
 * Output with backpressure; a closed pipe (`| head -1`) ends the run quietly. A file, /dev/null or
 * a terminal is written with plain synchronous writes, as Node's own stdout does for them: making
 * process.stdout loads ~20 stream modules, a start-up cost. A pipe or socket gets the stream.
 */
class Out {
  closed = false;
  error: Error | undefined;
  private readonly stream: NodeJS.WriteStream | undefined;
  constructor() {
    const st = fstatSync(1, { throwIfNoEntry: false });
    if (st && (st.isFile() || st.isCharacterDevice())) return;
    const stream = (this.stream = process.stdout);
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') this.error = err;
      this.closed = true;
    });
  }
  async write(s: string | Uint8Array): Promise<void> {
    if (this.closed) throw new OutputClosed();
    const stream = this.stream;
    if (!stream) {
      try {
        for (let b = typeof s === 'string' ? Buffer.from(s) : s; b.length > 0;) b = b.subarray(writeSync(1, b));
      } catch (err) {
        this.closed = true;
        throw err; // a full disk, an I/O error: said as it is
      }
      return;
    }
    if (!stream.write(s)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
      });
    }
  }
}

interface Read {
  bytes: number;
  lines: number;
  /** log: streamed line by line as a mail log; whole: read as one text, like the page; pieces: a large non-log. */
  mode: 'whole' | 'log' | 'pieces';
  pieces: number;
  longLinesCut: number;
  forcedCuts: number;
  /** Pieces the analyzer cut at its own 4 MB limit (0 unless something is wrong: never silent). */
  truncatedPieces: number;
  findings: number;
  /** The input is a challenge-response request (the recipient's filter asks the sender to confirm): no failure. */
  challenge?: true;
  /** The input is a feedback report or holds complaint events (a spam complaint is not a failure). */
  feedback?: Feedback;
}

/**
 * One input's pieces, analysed in turn: what was read so far, and whether the input reads as a log
 * (each piece is then read as log lines, the same way at any size).
 */
class Pieces {
  readonly read: Read = {
    bytes: 0,
    lines: 0,
    mode: 'whole',
    pieces: 0,
    longLinesCut: 0,
    forcedCuts: 0,
    truncatedPieces: 0,
    findings: 0,
  };
  private log = false;
  private chunker: LineChunker | undefined;
  private readonly k: PreparedKnowledge;
  private readonly emit: (findings: Finding[]) => Promise<void>;
  constructor(k: PreparedKnowledge, emit: (findings: Finding[]) => Promise<void>) {
    this.k = k;
    this.emit = emit;
  }

  /** From here on the input is cut into pieces at line ends; the sample decides whether it is a log. */
  start(sample: string): void {
    this.log = looksLikeLog(sample.slice(0, 64 << 10));
    this.read.mode = this.log ? 'log' : 'pieces';
    this.chunker = new LineChunker();
  }

  async push(text: string): Promise<void> {
    for (const p of this.chunker!.push(text)) await this.run(p.text, p.firstLine);
  }

  async end(): Promise<Read> {
    for (const p of this.chunker!.end()) await this.run(p.text, p.firstLine);
    const { lines, longLinesCut, forcedCuts } = this.chunker!.stats;
    return Object.assign(this.read, { lines, longLinesCut, forcedCuts });
  }

  /**
   * The input as one text, as the page reads it. analyzeEmail gets the bytes, not the text: an
   * email's 8-bit parts are decoded by their own charset (GB2312, Shift_JIS, KOI8-R), which a text
   * already decoded as UTF-8 or Latin-1 would have lost.
   */
  async whole(text: string, bytes: Uint8Array): Promise<Read> {
    this.read.lines = (text.match(/\n/g)?.length ?? 0) + (text && !text.endsWith('\n') ? 1 : 0);
    await this.run(bytes, 1);
    return this.read;
  }

  /** One piece of text read as a log or text, or the whole input's bytes read as an email would be. */
  private async run(input: string | Uint8Array, firstLine: number): Promise<void> {
    const read = this.read;
    read.pieces++;
    const whole = typeof input !== 'string';
    const analysis = whole ? await analyzeEmail(input, this.k) : analyze(input, this.k, { log: this.log });
    if (analysis.truncated) read.truncatedPieces++;
    if (analysis.challenge) read.challenge = true;
    if (analysis.feedback) {
      const seen = read.feedback ?? { type: analysis.feedback.type, recipients: [] };
      read.feedback = { ...seen, recipients: [...new Set([...seen.recipients, ...analysis.feedback.recipients])] };
    }
    if (firstLine > 1) for (const f of analysis.findings) f.line += firstLine - 1;
    read.findings += analysis.findings.length;
    if (analysis.findings.length) await this.emit(analysis.findings);
    // A whole input is the only piece: nothing is left to collect garbage for, and the turn below
    // cost ~3 ms of a one-line start-up, just before the exit (V8's pending tasks run in it).
    if (whole) return;
    // Let the event loop turn once a piece: with a file read and output written synchronously it
    // otherwise never would, and V8's garbage-collection tasks wait for it (memory grew ~100 MB).
    await new Promise(setImmediate);
    youngGc();
  }
}

/**
 * Analyse one input and hand the findings to `emit` as soon as each piece is done. Only the first
 * 4 MB are ever held at once (a whole email), or one piece of a log.
 */
async function analyzeStream(
  stream: Input,
  k: PreparedKnowledge,
  emit: (findings: Finding[]) => Promise<void>,
): Promise<Read> {
  const pieces = new Pieces(k, emit);
  const head: Buffer[] = [];
  let headBytes = 0;
  let decoder: TextDecoder | undefined;
  for await (const buf of stream) {
    pieces.read.bytes += buf.length;
    if (decoder) {
      await pieces.push(decoder.decode(buf, { stream: true }));
      continue;
    }
    head.push(buf);
    headBytes += buf.length;
    if (headBytes <= MAX_INPUT) continue;
    // Too large to read as one text: from here on it is streamed in pieces.
    decoder = new TextDecoder('utf-8');
    const text = decoder.decode(Buffer.concat(head), { stream: true });
    head.length = 0;
    pieces.start(text);
    await pieces.push(text);
  }
  if (decoder) {
    await pieces.push(decoder.decode());
    return pieces.end();
  }
  // Small enough to read whole, as the page does; a log is still read piece by piece, the same way
  // at any size, so a line's findings never depend on how much came with it.
  const bytes = Buffer.concat(head);
  const text = decodeBytes(bytes);
  if (!looksLikeLog(text.slice(0, 64 << 10))) return pieces.whole(text, bytes);
  pieces.start(text);
  await pieces.push(text);
  return pieces.end();
}

/** What analyzeStream reads: a stream, or a regular file's chunks. */
type Input = AsyncIterable<Buffer> | Iterable<Buffer>;

/**
 * A regular file's bytes, read in 1 MB chunks. Plain reads cost less than a read stream, whose
 * module alone is ~6 ms of a start-up; the file is closed when the reading stops, early or not.
 */
function* fileChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(1 << 20);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return;
      yield n < buf.length ? buf.subarray(0, n) : buf;
    }
  } finally {
    closeSync(fd);
  }
}

let youngGcFn: (() => void) | undefined;
/**
 * A young-generation collection after each piece of a log: everything the piece made is garbage by
 * then, so nothing of it is promoted to the old generation and memory stays flat however long the
 * log (a 200 MB log: max RSS ~250 -> ~180 MB, CPU time unchanged). V8 offers gc() only behind a
 * flag, set here when first needed; without it, nothing is done.
 */
function youngGc(): void {
  youngGcFn ??= (() => {
    try {
      process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
      const gc = process.getBuiltinModule('node:vm').runInNewContext('gc') as (options: { type: 'minor' }) => void;
      return () => gc({ type: 'minor' });
    } catch {
      return () => {};
    }
  })();
  youngGcFn();
}

function openInput(path: string): Input {
  if (path === '-') return process.stdin;
  const st = statOrFail(path);
  if (st.isDirectory()) throw new UsageError(`${path} is a directory: add --ndjson to analyse every file in it`);
  return st.isFile() ? fileChunks(path) : createReadStream(path);
}

/** Stop reading an input (a stream is destroyed; a file's chunks close it). */
function close(input: Input): void {
  if ('destroy' in input && typeof input.destroy === 'function') input.destroy();
  else if ('return' in input && typeof input.return === 'function') input.return(undefined);
}

type Json = (v: unknown, indent?: string) => string;

/**
 * The `emit` of one file's findings: one write per piece (a write per finding costs more than the
 * analysis), each finding's JSON encoded straight into the piece's buffer (joining them into one
 * string first copied every byte twice more; an all-failures log writes ~900 bytes per line).
 */
function findingsWriter(out: Out, json: Json, sep: string) {
  let n = 0;
  const emit = (found: Finding[]) => {
    let buf = Buffer.allocUnsafe(found.length * 1024 + 64);
    let at = 0;
    for (const f of found) {
      const text = `${n++ ? ',' : ''}${sep}${json(f, '    ')}`;
      if (at + text.length * 3 > buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(at + text.length * 3, buf.length * 2));
        buf.copy(bigger, 0, 0, at);
        buf = bigger;
      }
      at += buf.write(text, at);
    }
    return out.write(buf.subarray(0, at));
  };
  return { emit, written: () => n };
}

/**
 * One file's object, streamed: the opening, then each finding as soon as it is found, then what was
 * read. Returns 141 when the reader went away (as a shell reports a process ended by SIGPIPE).
 */
async function analyzeFile(file: string, stream: Input, o: Options, k: PreparedKnowledge, out: Out): Promise<number> {
  const json: Json = (v, indent = '') =>
    o.pretty ? JSON.stringify(v, null, 2).replace(/\n/g, `\n${indent}`) : JSON.stringify(v);
  const writer = findingsWriter(out, json, o.ndjson ? '' : o.pretty ? '\n    ' : '\n');
  try {
    // Inside the try: in a batch, the reader may go away between two files (`--ndjson DIR | head -1`).
    await out.write(`{"file":${JSON.stringify(file)},"findings":[`);
    const read = await analyzeStream(stream, k, writer.emit);
    const end = o.ndjson ? '' : o.pretty ? '\n  ' : '\n';
    await out.write(`${writer.written() ? end : ''}],"read":${json(read, '  ')}}\n`);
    return 0;
  } catch (err) {
    close(stream);
    if (err instanceof OutputClosed) {
      if (out.error) throw out.error;
      process.stderr.write('analyze: the output was closed before the end; stopped\n');
      return 141;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'EACCES' || code === 'ENOENT')
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    throw err;
  }
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const o = parsed;
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (o.prepare) {
    const { cached } = await loadKnowledge(root);
    process.stderr.write(`analyze: ready (knowledge ${cached ? 'already prepared' : 'prepared'})\n`);
    return 0;
  }
  if (o.paths.length === 0) {
    if (process.stdin.isTTY)
      throw new UsageError('no input: give a FILE, or pipe a bounce or log into it (see --help)');
    o.paths.push('-');
  }
  const files = expand(o.paths, o.ndjson);
  const k = prepareKnowledge((await loadKnowledge(root)).knowledge);
  const out = new Out();
  let failed = 0;
  for (const file of files) {
    let stream: Input;
    try {
      stream = openInput(file);
    } catch (err) {
      if (!(err instanceof UsageError) || !o.ndjson) throw err;
      process.stderr.write(`analyze: ${err.message}\n`); // one bad path in a batch: say so, do the rest
      failed++;
      continue;
    }
    const status = await analyzeFile(file, stream, o, k, out);
    if (status) return status;
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof OutputClosed) {
      process.stderr.write('analyze: the output was closed before the end; stopped\n');
      process.exitCode = 141;
      return;
    }
    if (err instanceof UsageError) process.stderr.write(`analyze: ${err.message}\n`);
    else if (err instanceof Error && err.name === 'DataError') process.stderr.write(`analyze: ${err.message}\n`);
    else if (process.env.ANALYZE_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    else process.stderr.write(`analyze: ${(err as Error)?.message ?? String(err)} (ANALYZE_DEBUG=1 for details)\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
