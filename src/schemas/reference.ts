import { z } from 'astro/zod';
import { httpsUrlSchema } from './common.ts';

/** A source for a code's definition: an RFC (with section) or another document with a URL. */
export const referenceSchema = z
  .strictObject({
    /** RFC number, e.g. 5321. The link is built from it. */
    rfc: z.number().int().positive().optional(),
    /** Section inside the RFC, e.g. "4.2.3". */
    section: z
      .string()
      .regex(/^[0-9A-Z]+(\.[0-9]+)*$/, 'section looks like "4.2.3"')
      .optional(),
    /** Name of a non-RFC source (an Internet-Draft, the IANA registry, a vendor page). */
    title: z.string().min(3).optional(),
    /** Link for a non-RFC source. */
    url: httpsUrlSchema.optional(),
  })
  .refine((r) => r.rfc !== undefined || (r.title !== undefined && r.url !== undefined), {
    message: 'a reference needs either rfc, or both title and url',
  });

export type Reference = z.infer<typeof referenceSchema>;
