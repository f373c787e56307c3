/**
 * Classification, part 1: the reason, in sisimai's vocabulary. A specific code decides; the words
 * decide when the code is vague (5.0.0, a bare 550) or names a broad class (5.7.1 security, which
 * the words narrow to blocked, spam, SPF...). The phrases live in data/reasons.yaml.
 */
import type { ReasonData } from './types.ts';

/** Reasons a code gives only loosely: the words may say better (sisimai retries these too). */
const LOOSE = new Set(['undefined', 'onhold', 'systemerror', 'securityerror', 'expired', 'networkerror', 'filtered']);

type Prepared = { reason: string; parts: string[][] }[];
const prepared = new WeakMap<ReasonData, Prepared>();

function phrasesOf(data: ReasonData): Prepared {
  let p = prepared.get(data);
  if (!p) {
    p = data.phrases.map((r) => ({ reason: r.reason, parts: r.texts.map((t) => t.split(' … ')) }));
    prepared.set(data, p);
  }
  return p;
}

/** True when the parts appear in this order: plain indexOf, so linear in the text. */
function inOrder(text: string, parts: string[]): boolean {
  let at = 0;
  for (const part of parts) {
    const i = text.indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  return true;
}

/** The first reason whose phrase the text holds. */
export function reasonFromWords(text: string, data: ReasonData): string | undefined {
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  for (const r of phrasesOf(data)) if (r.parts.some((parts) => inOrder(lower, parts))) return r.reason;
  return undefined;
}

/** sisimai's label for a code: exact, then the class and subject with any detail ("4.6.*"). */
export function reasonFromCode(code: string | undefined, data: ReasonData): string | undefined {
  if (!code) return undefined;
  const exact = data.codes[code];
  if (exact) return exact;
  const [cls, subject] = code.split('.');
  return subject !== undefined ? data.codes[`${cls}.${subject}.*`] : undefined;
}

export interface ReasonInput {
  text: string;
  enhanced?: string;
  reply?: string;
  /** True when the enhanced code was inferred from the words. */
  inferred: boolean;
  action?: string;
  command?: string;
}

export function classifyReason(d: ReasonInput, data: ReasonData): string {
  const byCode = d.inferred ? undefined : reasonFromCode(d.enhanced, data);
  const vague = !d.enhanced || d.inferred || /\.0$/.test(d.enhanced);
  if (byCode && !vague && !LOOSE.has(byCode)) return byCode;
  const byWords = reasonFromWords(d.text, data);
  if (byWords) return byWords;
  const fallback =
    byCode ?? reasonFromCode(d.reply, data) ?? (d.inferred ? reasonFromCode(d.enhanced, data) : undefined);
  if (fallback) return fallback;
  const subject = d.enhanced?.slice(0, 3).slice(1);
  if (subject === '.6') return 'contenterror';
  if (subject === '.7') return 'securityerror';
  if (d.action?.startsWith('delayed') || d.action === 'expired') return 'expired';
  if (d.command === 'EHLO' || d.command === 'HELO') return 'blocked';
  return d.text.trim() ? 'onhold' : 'undefined';
}
