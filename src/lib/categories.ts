/**
 * The category tables: by reply class (2xx…5xx), by enhanced subject (X.0…X.7) and by
 * bounce type. Pure: a category is a slug, a heading and a membership test.
 */
import { CLASSES, SUBJECTS, classify, type BounceType } from './codes.ts';

export type CategoryGroup = 'class' | 'subject' | 'type';

export interface Category {
  slug: string;
  group: CategoryGroup;
  title: string;
  /** One or two sentences shown above the table. */
  intro: string;
  includes: (code: string, bounceType: BounceType) => boolean;
}

const TYPE_TEXT: Record<BounceType, { title: string; intro: string }> = {
  hard: {
    title: 'Hard bounces',
    intro:
      'Permanent failures. No server retries them, and resending the same message to the same address fails again until the cause is fixed (or, for a limit, has passed): read the code and the text, and suppress the address only when they say the address itself is bad.',
  },
  soft: {
    title: 'Soft bounces',
    intro:
      'Temporary failures: the address is fine and the same message can get through later. The sending server retries a 4xx reply on its own; a 5xx reply listed here (a full mailbox, a fault on the receiving side) ended the attempt, so send it again yourself later. If the same address keeps failing over several days, stop and investigate.',
  },
  info: {
    title: 'Informational replies',
    intro: 'Success and intermediate replies seen in SMTP logs. They are not bounces and need no action.',
  },
};

export function categories(): Category[] {
  const byClass: Category[] = Object.values(CLASSES).map((cls) => ({
    slug: `${cls.digit}xx`,
    group: 'class',
    title: `${cls.digit}xx: ${cls.label}`,
    intro: `Reply codes starting with ${cls.digit}${cls.digit === '3' ? '' : `, and enhanced codes of class ${cls.digit}.X.X`}: ${cls.gist}.`,
    includes: (code) => code[0] === cls.digit,
  }));
  const bySubject: Category[] = Object.values(SUBJECTS).map((s) => ({
    slug: `x.${s.digit}`,
    group: 'subject',
    title: `X.${s.digit}.X: ${s.title}`,
    intro: s.gist,
    includes: (code) => classify(code)?.subjectDigit === s.digit,
  }));
  const byType: Category[] = (['hard', 'soft', 'info'] as const).map((t) => ({
    slug: t,
    group: 'type',
    ...TYPE_TEXT[t],
    includes: (_code, type) => type === t,
  }));
  return [...byClass, ...bySubject, ...byType];
}

export function categoryPath(slug: string): string {
  return `categories/${slug}/`;
}

/** Codes per category page: about 10 KB gzip of table, whatever the size of the dataset. */
export const CATEGORY_PAGE_SIZE = 100;

/**
 * The codes a home page can show without growing with the dataset: those providers send most
 * (by the number of provider texts documented for them), then code order.
 */
export function mostSeen<T extends { code: string }>(
  codes: readonly T[],
  textsFor: (code: string) => number,
  limit: number,
): T[] {
  return codes
    .map((c, i) => ({ c, i, n: textsFor(c.code) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .slice(0, limit)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.c);
}
