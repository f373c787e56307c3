import { z } from 'astro/zod';
import { labelVerdictSchema } from './esp.ts';
import { sourceSchema } from './provider.ts';

/** One vendor label in /data/crosswalk.json. */
const vendorLabelJsonSchema = z.strictObject({
  label: z.string(),
  name: z.string().optional(),
  meaning: z.string(),
  category: z.string().optional(),
  /** Our verdict for mail with this label; "depends": read the text (see verdictNote). */
  verdict: labelVerdictSchema.optional(),
  verdictNote: z.string().optional(),
  /** Our codes this label stands for (tool tables may hold "4.6.*"). */
  codes: z.array(z.string()),
  /** documented: the vendor names the code; definition: its definition names the code's condition; tool-table: the tool's own code table. */
  basis: z.enum(['documented', 'definition', 'tool-table']).optional(),
});

/** /data/crosswalk.json: how sending services and bounce tools label our codes. */
export const crosswalkJsonSchema = z.strictObject({
  formatVersion: z.literal(1),
  built: z.iso.datetime(),
  /** Pages: the crosswalk page and each code's row anchor on it. */
  url: z.string(),
  vendors: z
    .array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        kind: z.enum(['esp', 'tool']),
        field: z.string(),
        about: z.string(),
        source: sourceSchema,
        otherSources: z.array(sourceSchema),
        /** Date we read the vendor's published taxonomy. */
        verified: z.iso.date(),
        labels: z.array(vendorLabelJsonSchema).min(1),
        /** Provider texts the vendor documents a specific label for. */
        texts: z.array(
          z.strictObject({
            variant: z.string(),
            label: z.string(),
            says: z.string(),
            source: sourceSchema,
            /** Where our page shows the provider text. */
            url: z.string(),
          }),
        ),
      }),
    )
    .min(1),
  codes: z
    .array(
      z.strictObject({
        code: z.string(),
        title: z.string(),
        url: z.string(),
        /** The code page's headline: its verdict, or "depends" when it has a decision table. */
        verdict: labelVerdictSchema.optional(),
        /** vendor id → its label(s) for this code; [] = the vendor publishes none. */
        labels: z.record(z.string(), z.array(z.string())),
      }),
    )
    .min(1),
});
