import { z } from 'astro/zod';
import { patternSchema } from './provider.ts';

/** Languages the reason phrases cover (ISO 639-1). */
export const REASON_LANGS = ['en', 'ja', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'ru', 'zh', 'pl', 'cs'] as const;

/**
 * sisimai's reason vocabulary (go-sisimai reason/lib.go Index): a sisimai user can switch to us.
 * Only the failure reasons have phrases; delivered, feedback and vacation are not failures.
 */
export const REASONS = [
  'authfailure',
  'badreputation',
  'blocked',
  'contenterror',
  'exceedlimit',
  'expired',
  'failedstarttls',
  'filtered',
  'hasmoved',
  'hostunknown',
  'mailboxfull',
  'mailererror',
  'mesgtoobig',
  'networkerror',
  'norelaying',
  'notaccept',
  'notcompliantrfc',
  'onhold',
  'policyviolation',
  'rejected',
  'requireptr',
  'securityerror',
  'spamdetected',
  'speeding',
  'suppressed',
  'suspend',
  'syntaxerror',
  'systemerror',
  'systemfull',
  'toomanyconn',
  'undefined',
  'userunknown',
  'virusdetected',
] as const;
export type Reason = (typeof REASONS)[number];

/** A phrase: lower-case plain text (never a regular expression); " … " joins parts met in order. */
const phraseSchema = z
  .string()
  .min(3)
  .refine((t) => t === t.toLowerCase(), 'must be lower case: the text is lower-cased before matching')
  // The text's white space runs become one space before matching: a part with other spacing never
  // matches. A part may start or end with its one space (" … " then shows two beside the ellipsis).
  .refine(
    (t) => t.split(' … ').every((part) => !/[^\S ]| {2}/.test(part)),
    'must use single ordinary spaces in each part: white space runs are read as one space',
  )
  .refine((t) => t.split(' … ').every((part) => part.trim() !== ''), 'must have text on both sides of each " … "');

/** data/reasons.yaml: per reason, in the order they are tried, the phrases that decide it. */
export const reasonsFileSchema = z
  .array(
    z.strictObject({
      reason: z.enum(REASONS),
      /** What the reason means, in one sentence of our own (shown beside providers' rule labels). */
      about: z.string().min(20),
      phrases: z
        .array(
          z.strictObject({
            lang: z.enum(REASON_LANGS),
            /** Where the phrases were taken from; absent for our own common wording. */
            source: z.string().min(10).optional(),
            /**
             * A provider's own wording that overrides the generic phrases of every reason (au's
             * "550 : User unknown" is its content filter, not an unknown user): tried first.
             */
            first: z.literal(true).optional(),
            texts: z.array(phraseSchema).min(1),
          }),
        )
        .min(1),
    }),
  )
  .min(1)
  .refine((list) => new Set(list.map((r) => r.reason)).size === list.length, 'each reason is listed once');

export type ReasonsFile = z.infer<typeof reasonsFileSchema>;

/** A label's code, or a numeric range of codes ("1020-1080"). */
const labelCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{1,10}(?:-[A-Za-z0-9]{1,6})?$/, 'a code ("505", "RCP-P1") or a range "from-to"')
  .refine((c) => {
    const range = /^(\d+)-(\d+)$/.exec(c);
    return !range || Number(range[1]) < Number(range[2]);
  }, 'a range "from-to" must go up');

/** data/reason-labels.yaml: rule labels providers print in their replies, and the reason each names. */
export const reasonLabelsFileSchema = z.array(
  z.strictObject({
    name: z.string().min(2),
    /** The providers (ids in data/providers) whose pages list the table. */
    providers: z.array(z.string().regex(/^[a-z0-9-]+$/)).optional(),
    /** Whole labels as replies print them, shown above the table. */
    examples: z.array(z.string().min(3)).min(1),
    /** A regular expression whose first group is the label's code; must be provably linear-time. */
    pattern: patternSchema.refine((p) => {
      // An empty alternative matches '', so exec reports every group the pattern has.
      try {
        return new RegExp(`${p}|`).exec('')!.length > 1;
      } catch {
        return true; // not a regular expression: patternSchema says so
      }
    }, 'needs a group around the code'),
    source: z.string().min(10),
    verified: z.iso.date(),
    codes: z.record(labelCodeSchema, z.enum(REASONS)).refine((c) => Object.keys(c).length > 0, 'at least one code'),
  }),
);

export type ReasonLabelTable = z.infer<typeof reasonLabelsFileSchema>[number];
