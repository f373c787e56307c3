#!/usr/bin/env node
// Serves a built site the way a static host does, for `npm start` and the end-to-end tests:
// the real 404.html with status 404, 400 for malformed addresses, no way out of the folder,
// gzip/brotli, ETag revalidation, and the headers the build wrote to `_headers` (security
// headers, year-long caching of hashed assets). Errors never show a stack or a server path.
//   node bin/serve.ts [--root dist] [--base /] [--port 4321] [--host 127.0.0.1]
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { headersFor, parseHeadersFile, REVALIDATE, type HeaderRule } from '../src/lib/security.ts';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  txt: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  png: 'image/png',
  ico: 'image/x-icon',
  wasm: 'application/wasm',
  webmanifest: 'application/manifest+json',
};
// Worth compressing; Pagefind's own files are gzipped already or binary.
const COMPRESSIBLE = new Set(['html', 'css', 'js', 'mjs', 'json', 'svg', 'txt', 'xml', 'webmanifest']);

export interface ServeOptions {
  root: string;
  /** The path the site was built for ("/" or "/sub/"). */
  base?: string;
  /** Called with a problem the visitor is not shown (defaults to stderr). */
  log?: (message: string) => void;
}

interface Resolved {
  status: 200 | 404;
  file: string;
  stat: Stats;
}

export function createStaticServer({ root, base = '/', log = (m) => console.error(m) }: ServeOptions): Server {
  const dir = resolve(root);
  if (!base.endsWith('/')) base += '/';
  const headersPath = join(dir, '_headers');
  const rules: HeaderRule[] = existsSync(headersPath) ? parseHeadersFile(readFileSync(headersPath, 'utf8')) : [];
  if (!rules.length) log(`no ${headersPath}: serving without security headers (build with npm run build)`);
  const compressed = new Map<string, Buffer>();

  /** The file for a decoded path inside the site, or undefined (which becomes the 404 page). */
  function find(path: string): { file: string; stat: Stats } | 'redirect' | undefined {
    if (!path.startsWith(base)) return undefined;
    const parts = path.slice(base.length).split('/');
    // Dot segments, hidden files (_headers is for the host, not visitors) and NUL never match.
    if (parts.some((p) => p === '.' || p === '..' || p.includes('\0') || p.includes('\\') || /^[._]headers$/.test(p)))
      return undefined;
    const file = resolve(dir, ...parts);
    if (file !== dir && !file.startsWith(dir + sep)) return undefined;
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile()) return { file, stat };
    if (stat?.isDirectory()) {
      if (!path.endsWith('/')) return 'redirect';
      const index = join(file, 'index.html');
      const indexStat = statSync(index, { throwIfNoEntry: false });
      if (indexStat?.isFile()) return { file: index, stat: indexStat };
    }
    return undefined;
  }

  function notFound(): Resolved | undefined {
    const file = join(dir, '404.html');
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? { status: 404, file, stat } : undefined;
  }

  function body(file: string, stat: Stats, encoding: 'br' | 'gzip' | undefined): Buffer {
    const raw = readFileSync(file);
    if (!encoding) return raw;
    const key = `${encoding}:${file}:${stat.mtimeMs}`;
    let out = compressed.get(key);
    if (!out) {
      // Quality 5 brotli: close to the best size for text, fast enough to do on first request.
      out =
        encoding === 'br'
          ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
          : gzipSync(raw, { level: 6 });
      compressed.set(key, out);
    }
    return out;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const rawPath = (req.url ?? '/').split(/[?#]/)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    // An encoded slash or backslash would let one path segment name another folder.
    if (!rawPath.startsWith('/') || /%(?:2f|5c)/i.test(rawPath)) return sendNotFound(req, res, rawPath);
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      plain(res, 400, 'Bad request: the address is not valid percent-encoding', headersFor(rules, base));
      return;
    }
    const found = find(path);
    if (found === 'redirect') {
      const query = (req.url ?? '').slice(rawPath.length);
      res.writeHead(301, { ...headersFor(rules, rawPath), Location: `${rawPath}/${query}` });
      res.end();
      return;
    }
    if (!found) return sendNotFound(req, res, rawPath);
    send(req, res, { status: 200, ...found }, rawPath);
  }

  function sendNotFound(req: IncomingMessage, res: ServerResponse, rawPath: string): void {
    const page = notFound();
    if (page) send(req, res, page, rawPath);
    else plain(res, 404, 'Not found', headersFor(rules, base));
  }

  function send(req: IncomingMessage, res: ServerResponse, { status, file, stat }: Resolved, rawPath: string): void {
    const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    const headers: Record<string, string> = {
      'Cache-Control': REVALIDATE,
      ...headersFor(rules, status === 404 ? `${base}404.html` : rawPath),
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    };
    if (status === 200) {
      headers.ETag = etag;
      headers['Last-Modified'] = stat.mtime.toUTCString();
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
    }
    let encoding: 'br' | 'gzip' | undefined;
    if (COMPRESSIBLE.has(ext)) {
      headers.Vary = 'Accept-Encoding';
      encoding = chooseEncoding(req.headers['accept-encoding']);
      if (encoding) headers['Content-Encoding'] = encoding;
    }
    const data = body(file, stat, encoding);
    headers['Content-Length'] = String(data.length);
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  return createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      log(`error serving ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) plain(res, 500, 'Internal server error', headersFor(rules, base));
      else res.destroy();
    }
  });
}

/** Brotli when the client takes it, else gzip, else none ("q=0" refuses a coding). */
export function chooseEncoding(header: string | string[] | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Set<string>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (params.some((p) => /^\s*q=0(?:\.0*)?\s*$/.test(p))) continue;
    if (name) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return undefined;
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(text) + 1),
  });
  res.end(`${text}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
  };
  const root = option('root', 'dist');
  const base = option('base', process.env.BASE_PATH || '/');
  const port = Number(option('port', process.env.PORT || '4321'));
  const host = option('host', '127.0.0.1');
  if (!existsSync(join(root, 'index.html')) && !existsSync(join(root, '404.html'))) {
    console.error(`${root}/ holds no built site: run npm run build first`);
    process.exit(1);
  }
  createStaticServer({ root, base })
    .on('error', (e: NodeJS.ErrnoException) => {
      console.error(e.code === 'EADDRINUSE' ? `port ${port} is in use: pass --port <other>` : e.message);
      process.exit(1);
    })
    .listen(port, host, () => console.log(`Serving ${root}/ at http://${host}:${port}${base}`));
}
