import { z } from 'astro/zod';
import { classFields, codeStringSchema, sharedFields, textSchema } from './common.ts';
import { referenceSchema } from './reference.ts';

/**
 * One page's worth of data, as the `codes` collection holds it: a reply-code record, or one class
 * of an enhanced-code record with the shared fields merged in (src/lib/dataset.ts builds it). The
 * collection validates every entry against it, and pages get its type from getCollection().
 */
export const codePageSchema = z.strictObject({
  ...sharedFields,
  ...classFields,
  /** The page's code: "550", "5.2.2". */
  code: codeStringSchema,
  /** The record it comes from: "550", "X.2.2". */
  recordCode: z.string(),
  /** File the record lives in, for messages and edit links. */
  source: z.string(),
  /** Paragraphs: the shared meaning, then what this class adds. */
  meaning: z.array(textSchema).min(1),
  references: z.array(referenceSchema).min(1),
  nonStandard: textSchema.optional(),
  /** Enhanced codes: the registry's associated reply codes, and what it says about classes. */
  basicCodes: z.string().optional(),
  classNote: textSchema.optional(),
  /** Enhanced codes: the same subject.detail in its other documented classes ("4.2.2" on 5.2.2). */
  otherClasses: z.array(z.string()),
});

export type CodePage = z.output<typeof codePageSchema>;
