import { z } from 'astro/zod';
import { codeStringSchema, textSchema, verdictSchema } from './common.ts';
import { sourceSchema } from './provider.ts';

/**
 * What our verdict is for mail that carries a vendor's label: one of our verdicts, or "depends"
 * when the label covers cases with different right actions (then the text decides).
 */
export const labelVerdictSchema = z.union([verdictSchema, z.literal('depends')]);

/** One label in a sending service's published bounce taxonomy. */
export const espLabelSchema = z
  .strictObject({
    /** The label exactly as the vendor's webhook or API gives it: "Permanent / NoEmail", "22". */
    label: z.string().trim().min(1),
    /** The vendor's human name for it, when the label is a number or an abbreviation. */
    name: z.string().trim().min(2).optional(),
    /** What the vendor says it means, in our words. */
    meaning: textSchema,
    /** Hard/soft (or the vendor's own category) as the vendor publishes it. */
    category: z.string().trim().min(2).optional(),
    verdict: labelVerdictSchema,
    /** Why, and what it depends on: required for "depends". */
    verdictNote: textSchema.optional(),
    /**
     * Our codes that this label stands for. Only where defensible: the vendor names the code
     * (basis "documented"), or its definition names the condition of the code's registry title
     * (basis "definition"). Empty: the vendor publishes no code for it.
     */
    codes: z.array(codeStringSchema).default([]),
    basis: z.enum(['documented', 'definition']).optional(),
  })
  .refine((l) => l.verdict !== 'depends' || l.verdictNote, {
    message: 'a "depends" verdict needs a verdictNote saying what it depends on',
    path: ['verdictNote'],
  })
  .refine((l) => l.codes.length > 0 === (l.basis !== undefined), {
    message: 'give basis ("documented" or "definition") exactly when codes are listed',
    path: ['basis'],
  });

/** A provider text (data/providers) for which the vendor documents a specific label. */
export const espTextSchema = z.strictObject({
  /** The provider variant's id: "microsoft-550-5-4-1-recipient-access-denied". */
  variant: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  /** The label the vendor gives it (one of this file's labels). */
  label: z.string().trim().min(1),
  /** What the vendor says about this text, in our words. */
  says: textSchema,
  source: sourceSchema,
});

/** A sending service's (ESP's) bounce taxonomy, from its own published documentation. */
export const espSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and hyphens'),
  name: z.string().trim().min(2),
  /** Where the label appears in the vendor's webhook or API: "bounce.bounceType / bounce.bounceSubType". */
  field: z.string().trim().min(3),
  /** How the vendor assigns labels, in our words (by the reply text, by the code, by its own rules). */
  about: textSchema,
  /** The page that publishes the taxonomy; `via` names the stored copy read, `retrieved` its date. */
  source: sourceSchema,
  /** Other pages that add to it (an API enum, a blog post that changed a rule). */
  otherSources: z.array(sourceSchema).default([]),
  /** Date (YYYY-MM-DD) we read the copy. */
  verified: z.iso.date(),
  labels: z.array(espLabelSchema).min(1),
  texts: z.array(espTextSchema).default([]),
});

export type Esp = z.output<typeof espSchema>;
export type EspLabel = z.output<typeof espLabelSchema>;
export type LabelVerdict = z.output<typeof labelVerdictSchema>;
