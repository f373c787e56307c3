// The static server behind `npm start` and the e2e tests, over a small site in a temp folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding, createStaticServer } from '../../bin/serve.ts';
import { headerRules, headersFile } from '../../src/lib/security.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request: the path goes on the wire exactly as given (fetch would normalise `..`). */
function get(server: Server, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const { port } = server.address() as AddressInfo;
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

const POLICY = "default-src 'self'; frame-ancestors 'none'";
let top: string;
const servers: Server[] = [];

function site(base: string): string {
  const root = join(top, base === '/' ? 'root' : 'sub');
  mkdirSync(join(root, 'codes', '550'), { recursive: true });
  mkdirSync(join(root, '_astro'), { recursive: true });
  writeFileSync(join(root, 'index.html'), `<!doctype html><title>home</title>${'<p>padding</p>'.repeat(200)}`);
  writeFileSync(join(root, '404.html'), '<!doctype html><title>not found page</title>');
  writeFileSync(join(root, 'codes', '550', 'index.html'), '<!doctype html><title>550</title>');
  writeFileSync(join(root, '_astro', 'app.AbC123.js'), 'console.log(1);'.repeat(100));
  writeFileSync(join(root, '_headers'), headersFile(headerRules(base, POLICY)));
  return root;
}

async function start(root: string, base: string): Promise<Server> {
  const server = createStaticServer({ root, base, log: () => {} });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

let server: Server;
let sub: Server;
beforeAll(async () => {
  top = mkdtempSync(join(tmpdir(), 'serve-test-'));
  writeFileSync(join(top, 'secret.txt'), 'outside the site');
  writeFileSync(join(top, 'package.json'), '{"secret":true}');
  server = await start(site('/'), '/');
  sub = await start(site('/sub/'), '/sub/');
});
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(top, { recursive: true, force: true });
});

describe('static server', () => {
  it('serves pages with the security headers and a short cache lifetime', async () => {
    const r = await get(server, '/codes/550/');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain('<title>550</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(r.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
  });

  it('caches hashed assets for a year, immutable', async () => {
    const r = await get(server, '/_astro/app.AbC123.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['content-security-policy']).toBe(POLICY);
  });

  it('redirects a folder without its slash, keeping the query', async () => {
    const r = await get(server, '/codes/550?q=1');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/codes/550/?q=1');
  });

  it('answers a missing path with the site 404 page and status 404', async () => {
    for (const path of ['/codes/599/', '/nope.js', '/_astro/gone.js']) {
      const r = await get(server, path);
      expect(r.status, path).toBe(404);
      expect(r.body.toString(), path).toContain('not found page');
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control'], path).toBe('public, max-age=0, must-revalidate');
      expect(r.headers['content-security-policy']).toBe(POLICY);
    }
  });

  it('answers malformed percent-encoding with 400 and no stack trace', async () => {
    for (const path of ['/codes/%/', '/%E0%A4%A', '/codes/%zz/']) {
      const r = await get(server, path);
      expect(r.status, path).toBe(400);
      expect(r.body.toString()).not.toMatch(/at |\/work\/|node:|Error/);
    }
  });

  it('never leaves the site folder, however the path is spelled', async () => {
    for (const path of [
      '/../package.json',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2e%2e/secret.txt',
      '/codes/..%2f..%2fsecret.txt',
      '/codes%2f550/',
      '/..%5csecret.txt',
      '/.%2e/secret.txt',
      '/codes/550/%00',
      '//secret.txt',
      '/_headers',
    ]) {
      const r = await get(server, path);
      expect(r.status, path).toBe(404);
      expect(r.body.toString(), path).toContain('not found page');
    }
  });

  it('compresses text with brotli or gzip as the client asks', async () => {
    const plain = await get(server, '/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get(server, '/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.body)).toEqual(plain.body);
    expect(br.body.length).toBeLessThan(plain.body.length / 5);
    const gz = await get(server, '/', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body)).toEqual(plain.body);
    const nf = await get(server, '/missing/', { 'accept-encoding': 'br' });
    expect(nf.status).toBe(404);
    expect(brotliDecompressSync(nf.body).toString()).toContain('not found page');
  });

  it('revalidates with ETag, and HEAD sends no body', async () => {
    const first = await get(server, '/');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await get(server, '/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await get(server, '/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(first.body.length);
  });

  it('refuses other methods', async () => {
    const r = await get(server, '/', {}, 'POST');
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
  });

  it('serves a sub-path build only under its base', async () => {
    expect((await get(sub, '/sub/codes/550/')).status).toBe(200);
    const hashed = await get(sub, '/sub/_astro/app.AbC123.js');
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const outside = await get(sub, '/codes/550/');
    expect(outside.status).toBe(404);
    expect(outside.body.toString()).toContain('not found page');
  });
});

describe('chooseEncoding', () => {
  it('prefers brotli, honours q=0 and handles absent headers', () => {
    expect(chooseEncoding('gzip, br')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0')).toBeUndefined();
    expect(chooseEncoding('*')).toBe('gzip');
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('identity')).toBeUndefined();
  });
});
