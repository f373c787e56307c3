/**
 * Documented codes nearest to a code we do not document, for the 404 page: same kind,
 * same class first, then same subject (enhanced) or same second digit (reply), then the
 * closest detail number.
 */
import { codeKind } from './codes.ts';

export function nearestCodes(code: string, documented: readonly string[], limit = 5): string[] {
  const kind = codeKind(code);
  if (!kind) return [];
  const parts = (c: string) => (kind === 'reply' ? [c[0], c[1], c[2]] : c.split('.')).map(Number);
  const [cls, mid, detail] = parts(code);
  return documented
    .filter((c) => codeKind(c) === kind && c !== code)
    .map((c) => {
      const [k, m, d] = parts(c);
      // Lexicographic preference packed into one number: class, then middle digit, then detail distance.
      const score =
        (k === cls ? 0 : 1_000_000) + (m === mid ? 0 : 1_000 * (1 + Math.abs(m - mid))) + Math.abs(d - detail);
      return { c, score };
    })
    .sort((a, b) => a.score - b.score || (a.c < b.c ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.c);
}
