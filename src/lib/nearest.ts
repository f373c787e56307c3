/**
 * Documented codes nearest to a code we do not document, for the 404 page. Nearness follows what
 * the digits mean, not how close the numbers are:
 * - same kind, and the same class before any other class;
 * - then the same subject (enhanced) or second digit (reply); within an enhanced subject its
 *   catch-all first (X.7.0, "Other or undefined security status"), then the closest detail;
 * - a subject the standards do not define (5.9.9) shares no meaning with any subject, so the
 *   class's general codes come first (5.0.0, then 5.1.0, 5.2.0 …), not 5.7.9 because its last
 *   digit happens to match.
 */
import { codeKind, SUBJECTS } from './codes.ts';

export function nearestCodes(code: string, documented: readonly string[], limit = 5): string[] {
  const kind = codeKind(code);
  if (!kind) return [];
  const parts = (c: string) => (kind === 'reply' ? [c[0], c[1], c[2]] : c.split('.')).map(Number);
  const [cls, mid, detail] = parts(code);
  const rank = (c: string): number[] => {
    const [k, m, d] = parts(c);
    const inClass = k === cls ? 0 : 1;
    if (kind === 'reply') return [inClass, Math.abs(m - mid), Math.abs(d - detail)];
    if (!(String(mid) in SUBJECTS)) return [inClass, d === 0 ? 0 : 1, m, d];
    return [inClass, m === mid ? 0 : 1 + Math.abs(m - mid), d === 0 ? 0 : 1 + Math.abs(d - detail)];
  };
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  };
  return documented
    .filter((c) => codeKind(c) === kind && c !== code)
    .map((c) => ({ c, r: rank(c) }))
    .sort((a, b) => compare(a.r, b.r) || (a.c < b.c ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.c);
}
