import { z } from 'astro/zod';
import { bounceTypeSchema, decisionSchema, mistakenForSchema, stageSchema, verdictSchema } from './common.ts';
import { referenceSchema } from './reference.ts';
import { variantSchema } from './provider.ts';

/** The published /codes/<code>.json document (and each item of /data/codes.json). */
export const codeJsonSchema = z.strictObject({
  code: z.string(),
  recordCode: z.string(),
  url: z.string(),
  kind: z.enum(['reply', 'enhanced']),
  class: z.strictObject({ digit: z.enum(['2', '3', '4', '5']), name: z.string(), label: z.string() }),
  subject: z.strictObject({ digit: z.string().optional(), title: z.string() }).optional(),
  standard: z.boolean(),
  title: z.string(),
  summary: z.string(),
  bounceType: bounceTypeSchema,
  bounceTypeNote: z.string().optional(),
  verdict: verdictSchema.optional(),
  verdictNote: z.string().optional(),
  /** When the action depends on the text: what the text says → verdict → example variant ids. */
  decisions: z.array(decisionSchema).optional(),
  meaning: z.array(z.string()).min(1),
  causes: z.array(z.string()).min(1),
  fixes: z.strictObject({ sender: z.array(z.string()).optional(), recipientAdmin: z.array(z.string()).optional() }),
  stage: z.array(stageSchema).optional(),
  related: z.array(z.string()),
  references: z.array(referenceSchema).min(1),
  keywords: z.array(z.string()),
  mistakenFor: mistakenForSchema.optional(),
  nonStandard: z.string().optional(),
  basicCodes: z.string().optional(),
  classNote: z.string().optional(),
  otherClasses: z.array(z.string()),
  sourceFile: z.string(),
  /** Typical labels from bounce tools' code tables (not guaranteed). */
  toolLabels: z.array(
    z.strictObject({ tool: z.string(), label: z.string(), type: z.enum(['hard', 'soft', 'depends']) }),
  ),
  providerVariants: z.array(variantSchema.and(z.object({ provider: z.string(), providerName: z.string() }))),
});

/** /data/codes.json: everything, versioned and dated. */
export const dataDumpSchema = z.strictObject({
  formatVersion: z.literal(1),
  built: z.iso.datetime(),
  count: z.number().int().positive(),
  codes: z.array(codeJsonSchema),
  providers: z.array(z.looseObject({ id: z.string(), name: z.string(), variants: z.array(z.string()) })),
});
