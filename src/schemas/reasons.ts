import { z } from 'astro/zod';

/** Languages the reason phrases cover (ISO 639-1). */
export const REASON_LANGS = ['en', 'ja', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'ru', 'zh'] as const;

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
  .refine((t) => t === t.toLowerCase(), 'must be lower case: the text is lower-cased before matching');

/** data/reasons.yaml: per reason, in the order they are tried, the phrases that decide it. */
export const reasonsFileSchema = z
  .array(
    z.strictObject({
      reason: z.enum(REASONS),
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
