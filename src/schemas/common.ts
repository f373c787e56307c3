// Field schemas shared by reply-code and enhanced-code records.
import { z } from 'astro/zod';
import { BOUNCE_TYPES, codeKind } from '../lib/codes.ts';

/** A code as YAML must give it: a quoted string. Unquoted 5.10 reaches us as the number 5.1. */
export const codeStringSchema = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? `must be a quoted string: YAML read it as the number ${issue.input} (quote the code exactly as written)`
        : 'must be a quoted string',
  })
  .refine((c) => codeKind(c) !== undefined, {
    error: (issue) => `"${String(issue.input)}" is not a reply code (e.g. "550") or an enhanced code (e.g. "5.1.1")`,
  });

/** A link we publish: https only, and the message says so (zod's own is just "Invalid URL"). */
export const httpsUrlSchema = z.url({
  protocol: /^https$/,
  error: (issue) =>
    typeof issue.input === 'string' && /^http:\/\//i.test(issue.input)
      ? `must use https:// (write "${issue.input.replace(/^http:/i, 'https:')}" if the site serves it)`
      : 'must be a full https:// address',
});

/** A piece of prose: trimmed, not empty. */
export const textSchema = z.string().trim().min(10);
export const textListSchema = z.array(textSchema).min(1);

export const bounceTypeSchema = z.enum(BOUNCE_TYPES);

/**
 * What a sending system should do. suppress: the address is dead. fix-message: this message
 * was refused, keep the address. fix-sender: the sender is blocked or unauthenticated, fix the
 * sending setup. retry: temporary. none: success or informational.
 */
export const verdictSchema = z.enum(['suppress', 'fix-message', 'fix-sender', 'retry', 'none']);

/**
 * Where in the SMTP conversation the code is seen; command = in reply to another command (HELP,
 * VRFY, EXPN, ETRN, NOOP, RSET, STARTTLS, QUIT); dsn = reported later in a bounce message.
 */
export const stageSchema = z.enum(['connection', 'helo', 'auth', 'mail-from', 'rcpt-to', 'data', 'command', 'dsn']);

/** Fix steps by who can act on them. At least one list. */
export const fixesSchema = z
  .strictObject({
    /** The person or system that sent the message. */
    sender: textListSchema.optional(),
    /** The administrator of the receiving mail system. */
    recipientAdmin: textListSchema.optional(),
  })
  .refine((f) => f.sender || f.recipientAdmin, { message: 'give sender and/or recipientAdmin steps' });

export const mistakenForSchema = z.strictObject({
  /** The meaning people often attach to the number. */
  title: z.string().trim().min(3),
  /** Why that is wrong or where it comes from, and which code does mean it. */
  explanation: textSchema,
});

/** Fields every record has, whatever its kind. */
export const sharedFields = {
  /** Title as the RFC or the IANA registry gives it. */
  title: z.string().trim().min(3).max(120),
  /** What it means, in detail. Paragraphs separated by a blank line. */
  meaning: textSchema,
  /** Why it happens: causes a person can check, most common first. */
  causes: textListSchema,
  /** How to fix it, by audience. */
  fixes: fixesSchema,
  /** SMTP stages where it is seen. */
  stage: z.array(stageSchema).min(1).optional(),
  /** Set when the number is widely given another meaning (copied lists, a provider's reuse). */
  mistakenFor: mistakenForSchema.optional(),
  /** Other documented codes (page codes such as "550", "5.1.1") a reader should see next. */
  related: z.array(codeStringSchema).default([]),
  /** Words people search with that the text may not contain ("user unknown", "greylisting"). */
  keywords: z.array(z.string().trim().min(2)).default([]),
};

/**
 * One row of a page's decision table: what the text says → what to do, with provider texts (variant
 * ids, shown linked to their anchors) that read that way.
 */
export const decisionSchema = z.strictObject({
  /** What the reply text (or enhanced code) says, in words a reader can recognise. */
  when: textSchema.max(200),
  verdict: verdictSchema,
  /** Variant ids of provider texts that carry this page's code and read this way. */
  examples: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a variant id')).default([]),
});

/** Fields that can differ by class: for a reply code they sit on the record itself. */
export const classFields = {
  /** One sentence that states the meaning; shown first and used as the page description. */
  summary: textSchema.max(220),
  bounceType: bounceTypeSchema,
  /** Required when bounceType differs from what the class digit implies (4 → soft, 5 → hard, 2/3 → info). */
  bounceTypeNote: textSchema.optional(),
  /**
   * The one action every reading of the code leads to. On a page with `decisions` it is the row to
   * fall back on when the text matches none (what the analyzer applies to an unknown text).
   */
  verdict: verdictSchema.optional(),
  /** Why the verdict is what it is, or what to look at in the text. */
  verdictNote: textSchema.optional(),
  /**
   * Present when the right action depends on the text: the page's headline says so and shows this
   * table. At least two rows, and at least two different verdicts among them.
   */
  decisions: z.array(decisionSchema).min(2).optional(),
};
