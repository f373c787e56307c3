// DNS-over-HTTPS (the JSON API Cloudflare and Google both serve) as a checker Resolver. fetch
// is passed in, so tests replay recorded answers; the page passes the browser's own.
import { answerFromDohJson, type Answer, type Resolver } from './dns.ts';

export interface DohService {
  id: 'cloudflare' | 'google';
  label: string;
  endpoint: string;
  privacy: string;
}

export const DOH_SERVICES: Record<DohService['id'], DohService> = {
  cloudflare: {
    id: 'cloudflare',
    label: 'Cloudflare (cloudflare-dns.com)',
    endpoint: 'https://cloudflare-dns.com/dns-query',
    privacy: 'https://developers.cloudflare.com/1.1.1.1/privacy/public-dns-resolver/',
  },
  google: {
    id: 'google',
    label: 'Google Public DNS (dns.google)',
    endpoint: 'https://dns.google/resolve',
    privacy: 'https://developers.google.com/speed/public-dns/privacy',
  },
};

export interface DohOptions {
  fetch: typeof fetch;
  timeoutMs?: number;
  /** navigator.onLine where there is one: tells "offline" from "blocked" when fetch fails. */
  online?: () => boolean;
}

export function dohResolver(service: DohService, opts: DohOptions): Resolver {
  const timeoutMs = opts.timeoutMs ?? 6000;
  return {
    label: service.label,
    public: true,
    async query(name, type): Promise<Answer> {
      const url = `${service.endpoint}?name=${encodeURIComponent(name)}&type=${type}`;
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), timeoutMs);
      try {
        // Accept is a CORS-safelisted header, so no preflight request is sent.
        const res = await opts.fetch(url, { headers: { accept: 'application/dns-json' }, signal: ctrl.signal });
        if (!res.ok) return { status: 'error', error: 'failed', detail: `HTTP ${res.status}` };
        let body: unknown;
        try {
          body = await res.json();
        } catch {
          return { status: 'error', error: 'failed', detail: 'the answer was not JSON' };
        }
        return answerFromDohJson(body, type);
      } catch {
        if (ctrl.signal.aborted) return { status: 'error', error: 'timeout' };
        if (opts.online && !opts.online()) return { status: 'error', error: 'offline' };
        return { status: 'error', error: 'blocked' };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
