import { z } from 'astro/zod';
import { REPLY_CODE_RE } from '../lib/codes.ts';
import { classFields, codeStringSchema, sharedFields, textSchema } from './common.ts';
import { referenceSchema } from './reference.ts';
import { checkClassFields } from './checks.ts';

/** A 3-digit SMTP reply code ("550"): one record, one page at /codes/550/. */
export const replyRecordSchema = z
  .strictObject({
    /** "550", quoted. */
    code: codeStringSchema.refine((c) => REPLY_CODE_RE.test(c), 'a reply code has three digits, e.g. "550"'),
    ...sharedFields,
    ...classFields,
    /** Set when no RFC defines the code: where it comes from and what to read it as. */
    nonStandard: textSchema.optional(),
    /** Where the code is defined: RFC and section first. */
    references: z.array(referenceSchema).min(1),
  })
  .superRefine((rec, ctx) => checkClassFields(rec.code, rec, [], ctx));

export type ReplyRecord = z.output<typeof replyRecordSchema>;
