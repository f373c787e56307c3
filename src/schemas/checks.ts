// Cross-field rules shared by the record schemas.
import type { z } from 'astro/zod';
import { defaultBounceType, type BounceType } from '../lib/codes.ts';

interface ClassLike {
  bounceType: BounceType;
  bounceTypeNote?: string;
  verdict?: string;
}

/** Bounce type must match the class digit unless explained; "none" only for info, and back. */
export function checkClassFields(code: string, c: ClassLike, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (typeof code !== 'string') return;
  const implied = defaultBounceType(code);
  if (implied && c.bounceType !== implied && !c.bounceTypeNote) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'bounceType'],
      message: `"${c.bounceType}" contradicts class ${code[0]} (which implies "${implied}"); add bounceTypeNote explaining the override`,
    });
  }
  if (c.verdict && (c.verdict === 'none') !== (c.bounceType === 'info')) {
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'verdict'],
      message: 'verdict "none" goes with bounceType "info", and only with it',
    });
  }
}
