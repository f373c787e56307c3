import { z } from 'astro/zod';
import { CODE_PART, ENHANCED_CODE, REPLY_CODE } from '../lib/codes.ts';
import { textSchema } from './common.ts';
import { sourceSchema } from './provider.ts';
import { labelVerdictSchema } from './esp.ts';

/** A code as a tool's table lists it: "5.1.1", "4.6.*" (any detail) or a reply code "556". */
const toolCodeSchema = z
  .string()
  .regex(
    new RegExp(`^(?:${REPLY_CODE}|${ENHANCED_CODE}|[245]\\.${CODE_PART}\\.\\*)$`),
    'a code such as "5.1.1", "4.6.*" or "556"',
  );

/** How a bounce-processing tool labels codes, from its own published tables. Typical, not guaranteed. */
export const toolSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(2),
  /** What the tool is, in our words. */
  about: textSchema,
  /** Where the code → label table comes from. */
  source: sourceSchema,
  /** The tool's rule for hard and soft, in our words, and where it is written. */
  rule: z.strictObject({ text: textSchema, source: sourceSchema }),
  verified: z.iso.date(),
  labels: z
    .array(
      z
        .strictObject({
          label: z.string().min(2),
          /** hard / soft per the tool's rule; "depends" when the rule looks at more than the code. */
          type: z.enum(['hard', 'soft', 'depends']),
          /** Our verdict for mail with this label (the ESP crosswalk); "depends" needs a verdictNote. */
          verdict: labelVerdictSchema.optional(),
          verdictNote: textSchema.optional(),
          /** What the label means, in our words. */
          description: textSchema,
          codes: z.array(toolCodeSchema).min(1),
        })
        .refine((l) => l.verdict !== 'depends' || l.verdictNote, {
          message: 'a "depends" verdict needs a verdictNote saying what it depends on',
          path: ['verdictNote'],
        }),
    )
    .min(1),
});

export type Tool = z.output<typeof toolSchema>;
