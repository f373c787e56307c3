// Cross-field rules shared by the record schemas.
import type { z } from 'astro/zod';
import { defaultBounceType, type BounceType } from '../lib/codes.ts';
import { CONDITIONAL_NOTE, verdictContradictions } from '../lib/verdict-rules.ts';
import type { Verdict } from '../lib/dataset.ts';

interface ClassLike {
  bounceType: BounceType;
  bounceTypeNote?: string;
  verdict?: Verdict;
  summary?: string;
  verdictNote?: string;
  decisions?: { when: string; verdict: Verdict; examples: string[] }[];
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
  checkVerdictModel(c, path, ctx);
}

/**
 * A page either has one verdict that every reading leads to, or a decision table. With a table the
 * verdict is the fallback row and must be one of the rows; without one, the note may not make the
 * action conditional. Every statement must agree with its verdict (src/lib/verdict-rules.ts).
 */
function checkVerdictModel(c: ClassLike, path: (string | number)[], ctx: z.RefinementCtx): void {
  const issue = (at: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path: [...path, ...at], message });
  if (c.decisions) {
    const verdicts = new Set(c.decisions.map((d) => d.verdict));
    if (verdicts.size < 2)
      issue(['decisions'], 'a decision table needs at least two different verdicts; otherwise give the one verdict');
    if (c.verdict && !verdicts.has(c.verdict))
      issue(['verdict'], `the fallback verdict "${c.verdict}" is not among the decision rows' verdicts`);
    c.decisions.forEach((d, i) => {
      for (const p of verdictContradictions(d.when, d.verdict)) issue(['decisions', i, 'when'], p);
    });
    return;
  }
  if (!c.verdict) return;
  if (c.verdictNote && CONDITIONAL_NOTE.test(c.verdictNote))
    issue(
      ['verdictNote'],
      'the note makes the action conditional ("only if", "only when", "unless"): that is more than one reading, so give a decisions table',
    );
  for (const text of [c.summary, c.verdictNote])
    if (text) for (const p of verdictContradictions(text, c.verdict)) issue(['verdict'], p);
}
