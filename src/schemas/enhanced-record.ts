import { z } from 'astro/zod';
import { ENHANCED_RECORD_RE } from '../lib/codes.ts';
import { classFields, sharedFields, textListSchema, textSchema } from './common.ts';
import { referenceSchema } from './reference.ts';
import { checkClassFields } from './checks.ts';

/** What one class (2, 4 or 5) of an enhanced code adds to the shared record. */
const classEntrySchema = z.strictObject({
  ...classFields,
  /** Extra paragraph(s) for this class only, shown after the shared meaning. */
  meaning: textSchema.optional(),
  /** Extra causes for this class only. */
  causes: textListSchema.optional(),
  keywords: z.array(z.string().trim().min(2)).default([]),
});

/**
 * An enhanced status code as the IANA registry lists it ("X.2.2"). The meaning is written once;
 * each class a sender can meet gets its own page (/codes/4.2.2/, /codes/5.2.2/) from `classes`.
 */
export const enhancedRecordSchema = z
  .strictObject({
    /** "X.2.2": subject and detail, with X for the class. */
    code: z.string().regex(ENHANCED_RECORD_RE, 'an enhanced record code looks like "X.2.2"'),
    ...sharedFields,
    /** The registry's "associated basic status code" column, as given ("451, 550", "Any", "Not given"). */
    basicCodes: z.string().trim().min(1),
    /** What the registry or RFC says about which class the code is meant for. */
    classNote: textSchema.optional(),
    /** Where the code is defined: RFC and section first. */
    references: z.array(referenceSchema).min(1),
    /** The classes with a page: at least one of "2", "4", "5". */
    classes: z
      .strictObject({
        '2': classEntrySchema.optional(),
        '4': classEntrySchema.optional(),
        '5': classEntrySchema.optional(),
      })
      .refine((c) => c['2'] || c['4'] || c['5'], { message: 'give at least one class ("2", "4" or "5")' }),
  })
  .superRefine((rec, ctx) => {
    for (const digit of ['2', '4', '5'] as const) {
      const entry = rec.classes[digit];
      if (entry) checkClassFields(`${digit}${rec.code.slice(1)}`, entry, ['classes', digit], ctx);
    }
  });

export type EnhancedRecord = z.output<typeof enhancedRecordSchema>;
