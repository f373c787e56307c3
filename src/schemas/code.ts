import { z } from 'astro/zod';
import { codeKind, defaultBounceType } from '../lib/codes';
import { referenceSchema } from './reference';

/** A code as YAML must give it: a quoted string. Unquoted 5.10 reaches us as the number 5.1. */
export const codeStringSchema = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? `must be a quoted string: YAML read it as the number ${issue.input} (write "${issue.input}" in quotes; 5.10 unquoted becomes 5.1)`
        : 'must be a quoted string',
  })
  .refine((c) => codeKind(c) !== undefined, {
    error: (issue) => `"${String(issue.input)}" is not a reply code (e.g. "550") or an enhanced code (e.g. "5.1.1")`,
  });

const sentence = z.string().trim().min(10);
const list = z.array(sentence).min(1);

/**
 * One documented code. The record holds only what a person writes; kind, class and
 * subject are derived from the digits (src/lib/codes.ts), so they can never disagree.
 */
export const codeRecordSchema = z
  .strictObject({
    /** "550" or "5.1.1", quoted. The page lives at /codes/<code>/. */
    code: codeStringSchema,
    /** Title as the RFC or the IANA registry gives it. */
    title: z.string().trim().min(3).max(120),
    /** How a bulk sender treats it: info (not a failure), soft (retry), hard (do not retry). */
    bounceType: z.enum(['info', 'soft', 'hard']),
    /** Required when bounceType differs from what the class digit implies (4 → soft, 5 → hard, 2/3 → info): why. */
    bounceTypeNote: sentence.optional(),
    /** One sentence that states the meaning; shown first and used as the page description. */
    summary: sentence.max(220),
    /** What it means, in detail. Paragraphs separated by a blank line. */
    meaning: sentence,
    /** Why it happens: causes a person can check, most common first. */
    causes: list,
    /** How to fix it: steps a person can act on, most useful first. */
    fixes: list,
    /** Set when no RFC defines the code: where it comes from and what to read it as. */
    nonStandard: sentence.optional(),
    /** Set when the code is widely given another meaning (by the seed list, blogs, tools). */
    mistakenFor: z
      .strictObject({
        /** The meaning people often attach to the number. */
        title: z.string().trim().min(3),
        /** Why that is wrong or where it comes from, and which code does mean it. */
        explanation: sentence,
      })
      .optional(),
    /** Other documented codes a reader should see next. Each must exist in data/. */
    related: z.array(codeStringSchema).default([]),
    /** Where the code is defined: RFC and section first. */
    references: z.array(referenceSchema).min(1),
    /** Words people search with that the text may not contain ("user unknown", "greylisting"). */
    keywords: z.array(z.string().trim().min(2)).default([]),
  })
  .superRefine((rec, ctx) => {
    if (typeof rec.code !== 'string' || codeKind(rec.code) === undefined) return;
    const implied = defaultBounceType(rec.code);
    if (implied && rec.bounceType !== implied && !rec.bounceTypeNote) {
      ctx.addIssue({
        code: 'custom',
        path: ['bounceType'],
        message: `"${rec.bounceType}" contradicts class ${rec.code[0]} (which implies "${implied}"); add bounceTypeNote explaining the override`,
      });
    }
    if (rec.related.includes(rec.code)) {
      ctx.addIssue({ code: 'custom', path: ['related'], message: 'a code cannot be related to itself' });
    }
  });

export type CodeRecordInput = z.input<typeof codeRecordSchema>;
export type CodeRecord = z.output<typeof codeRecordSchema>;

/** A data file is a YAML list of code records. */
export const codeFileSchema = z.array(z.unknown()).min(1, 'the file holds no records');
