// DKIM key records (RFC 6376 §3.6.1) and the size of the key they publish.
import { parseTags } from './tags.ts';

export type DkimKey =
  | { ok: true; keyType: 'rsa'; bits: number }
  | { ok: true; keyType: 'ed25519'; bits: 256 }
  | { ok: false; error: string };

export function base64Bytes(b64: string): Uint8Array | undefined {
  const clean = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return undefined;
  try {
    const bin = atob(clean.padEnd(Math.ceil(clean.length / 4) * 4, '='));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

interface Der {
  tag: number;
  start: number;
  end: number;
}

/** One DER element at `pos`: its tag and where its contents lie. Undefined when malformed. */
function der(bytes: Uint8Array, pos: number, limit = bytes.length): Der | undefined {
  if (pos + 2 > limit) return undefined;
  const tag = bytes[pos];
  let len = bytes[pos + 1];
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[start + i];
    start += n;
  }
  const end = start + len;
  return end > limit ? undefined : { tag, start, end };
}

/** Bits of a DER INTEGER's value, ignoring the sign-padding zero bytes. */
function integerBits(bytes: Uint8Array, d: Der): number {
  let i = d.start;
  while (i < d.end && bytes[i] === 0) i++;
  if (i === d.end) return 0;
  return (d.end - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;

/**
 * RSA modulus size from p=: a SubjectPublicKeyInfo as RFC 6376 asks, or a bare PKCS#1
 * RSAPublicKey, which some publishers use and many verifiers accept.
 */
export function rsaModulusBits(bytes: Uint8Array): number | undefined {
  const outer = der(bytes, 0);
  if (!outer || outer.tag !== SEQUENCE) return undefined;
  const first = der(bytes, outer.start, outer.end);
  if (!first) return undefined;
  if (first.tag === INTEGER) return integerBits(bytes, first); // PKCS#1: modulus comes first
  if (first.tag !== SEQUENCE) return undefined;
  // SPKI: AlgorithmIdentifier, then a BIT STRING (one unused-bits byte) holding RSAPublicKey.
  const bits = der(bytes, first.end, outer.end);
  if (!bits || bits.tag !== BIT_STRING) return undefined;
  const inner = der(bytes, bits.start + 1, bits.end);
  if (!inner || inner.tag !== SEQUENCE) return undefined;
  const modulus = der(bytes, inner.start, inner.end);
  return modulus && modulus.tag === INTEGER ? integerBits(bytes, modulus) : undefined;
}

export function dkimKey(keyType: string, p: string): DkimKey {
  const bytes = base64Bytes(p);
  if (!bytes) return { ok: false, error: 'p= is not valid base64.' };
  if (keyType === 'ed25519') {
    return bytes.length === 32
      ? { ok: true, keyType: 'ed25519', bits: 256 }
      : { ok: false, error: `an Ed25519 key is 32 bytes; this one is ${bytes.length}.` };
  }
  if (keyType !== 'rsa') return { ok: false, error: `k=${keyType} is not a key type DKIM defines (rsa, ed25519).` };
  const bits = rsaModulusBits(bytes);
  return bits ? { ok: true, keyType: 'rsa', bits } : { ok: false, error: 'p= does not hold an RSA public key.' };
}

export interface DkimRecord {
  version?: string;
  keyType: string;
  p?: string;
  flags: string[];
  hashes?: string[];
  notFirstVersion: boolean;
  malformed: string[];
}

export function parseDkimRecord(text: string): DkimRecord {
  const t = parseTags(text);
  return {
    version: t.tags.get('v'),
    keyType: (t.tags.get('k') ?? 'rsa').toLowerCase(),
    p: t.tags.get('p'),
    flags: (t.tags.get('t') ?? '')
      .split(':')
      .map((f) => f.trim().toLowerCase())
      .filter(Boolean),
    hashes: t.tags
      .get('h')
      ?.split(':')
      .map((h) => h.trim().toLowerCase()),
    notFirstVersion: t.tags.has('v') && t.order[0] !== 'v',
    malformed: t.malformed,
  };
}
