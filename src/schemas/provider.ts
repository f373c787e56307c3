import { z } from 'astro/zod';
import { ENHANCED_CODE_RE, REPLY_CODE_RE } from '../lib/codes.ts';
import { httpsUrlSchema, textSchema, verdictSchema } from './common.ts';
import { verdictContradictions } from '../lib/verdict-rules.ts';
import { unsafePatternReason } from '../lib/pattern-safety.ts';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and hyphens');
const httpsUrl = httpsUrlSchema;

/** Where a provider's text was taken from. */
export const sourceSchema = z.strictObject({
  /** What the source is: "Google Workspace Admin Help: Gmail SMTP errors and codes". */
  title: z.string().trim().min(5),
  /** The page itself, when it has one. */
  url: httpsUrl.optional(),
  /** The stored copy we read it from, when not the page itself: "sisimai/go-sisimai rhost/for-google.go". */
  via: z.string().trim().min(5).optional(),
  /** Date (YYYY-MM-DD) of the copy we read, when it differs from the variant's `verified` date. */
  retrieved: z.iso.date().optional(),
});

/** What another source records differently about the same text (code, wording): both are shown. */
export const otherSourceSchema = z.strictObject({
  /** What that source says, in our words, quoting only the text or code that differs. */
  says: textSchema,
  source: sourceSchema,
});

/** A compilable regular expression, kept as text in YAML, proven to match in linear time. */
export const patternSchema = z
  .string()
  .min(3)
  .superRefine((p, ctx) => {
    try {
      new RegExp(p, 'i');
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a valid regular expression' });
      return;
    }
    const unsafe = unsafePatternReason(p);
    if (unsafe) ctx.addIssue({ code: 'custom', message: `pattern ${p} ${unsafe}` });
  });

/** One reply a provider actually sends: the exact text, what it means, and what to do. */
export const variantSchema = z
  .strictObject({
    /** Stable anchor, unique across all providers: "gmail-550-5-1-1-no-such-user". */
    id: slug,
    /** 3-digit reply code, when documented or observed. */
    reply: z.string().regex(REPLY_CODE_RE, 'a reply code has three digits').optional(),
    /** Enhanced code as the provider sends it, which may be a private one ("5.7.509"). */
    enhanced: z.string().regex(ENHANCED_CODE_RE, 'an enhanced code looks like "5.1.1"').optional(),
    /** The text exactly as published or observed; <placeholders> for addresses, IPs, domains. */
    text: z.string().trim().min(5),
    /** Case-insensitive regular expression that recognises the text in a real bounce. */
    pattern: patternSchema,
    /** Real-looking lines the pattern must match (placeholders filled with example values). */
    examples: z.array(z.string().min(5)).min(1),
    /** What it means, in our words. */
    meaning: textSchema,
    verdict: verdictSchema,
    /** Set when the provider uses the enhanced code for something other than the registry meaning. */
    differsFromRegistry: textSchema.optional(),
    source: sourceSchema,
    /** Date (YYYY-MM-DD) of the source copy we checked the text against. */
    verified: z.iso.date(),
    /** Sources that contradict this one (another code or wording for the same condition). */
    otherSources: z.array(otherSourceSchema).default([]),
  })
  .refine((v) => v.reply || v.enhanced, { message: 'give reply and/or enhanced' })
  .superRefine((v, ctx) => {
    for (const message of verdictContradictions(v.meaning, v.verdict))
      ctx.addIssue({ code: 'custom', path: ['verdict'], message });
    let re: RegExp;
    try {
      re = new RegExp(v.pattern, 'i');
    } catch {
      return; // reported by the pattern's own check
    }
    v.examples.forEach((ex, i) => {
      if (!re.test(ex))
        ctx.addIssue({
          code: 'custom',
          path: ['examples', i],
          message: `pattern ${v.pattern} does not match this example`,
        });
    });
  });

/** A mailbox provider or mail server software, with the replies it sends. One file per provider. */
export const providerSchema = z.strictObject({
  /** URL slug: /providers/<id>/. Matches the file name. */
  id: slug,
  name: z.string().trim().min(2),
  /**
   * mailbox: a provider people have addresses at; mta: server software whose default texts appear
   * anywhere; filter: a spam/security gateway in front of other mailboxes; blocklist: a DNS block
   * list whose name appears in other servers' rejections.
   */
  kind: z.enum(['mailbox', 'mta', 'filter', 'blocklist']),
  /** Domains it hosts (mailbox providers). */
  domains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)).default([]),
  /** One or two sentences about who runs it and where its bounces come from. */
  about: textSchema,
  /** Postmaster or sender-support site. */
  postmaster: httpsUrl.optional(),
  /** The provider's published rules for senders (bulk-sender requirements, best practices). */
  guidelines: httpsUrl.optional(),
  /** Where to ask for removal from its block list. */
  delisting: httpsUrl.optional(),
  variants: z.array(variantSchema).min(1),
});

export type Provider = z.output<typeof providerSchema>;
export type Variant = z.output<typeof variantSchema>;
