/** The analyzer's shared shapes: what it knows, what it finds, and the drafts between stages. */
import type { Verdict } from '../dataset.ts';

export interface KnownCode {
  title: string;
  /** The page's verdict; on a page whose action depends on the text, its fallback row. */
  verdict?: Verdict;
  /** The page has a decision table: the words, not the code, decide the verdict. */
  depends?: true;
}

export interface KnownVariant {
  id: string;
  provider: string;
  providerName: string;
  reply?: string;
  enhanced?: string;
  pattern: string;
  verdict: Verdict;
  meaning: string;
  differsFromRegistry?: string;
  /** The provider's kind and hosted domains: they decide between providers that send the same text. */
  kind?: string;
  domains?: string[];
}

/** What the analyzer knows: the documented codes and the provider variants. */
/** What decides a reason: groups of phrases, one reason each, tried in order, and sisimai's code → reason table. */
export interface ReasonData {
  phrases: { reason: string; texts: string[]; first?: string[] }[];
  /** "5.1.1" → "userunknown"; "4.6.*" stands for any detail. */
  codes: Record<string, string>;
  /** Providers' rule labels (data/reason-labels.yaml): a pattern whose group 1 is a code, and each code's reason. */
  labels?: { name: string; pattern: string; codes: Record<string, string> }[];
}

export interface AnalyzerKnowledge {
  codes: Record<string, KnownCode>;
  variants: KnownVariant[];
  /** Reason phrases and codes; without them a finding's reason comes from its code alone. */
  reasons?: ReasonData;
}

export interface Evidence {
  start: number;
  end: number;
  why: string;
}

export type Shape = 'dsn' | 'reply' | 'text';

export interface Finding {
  /** The failing recipient, when the bounce names it. */
  recipient?: string;
  replyCode?: string;
  enhancedCode?: string;
  /** True when enhancedCode was inferred from words because the text had no code. */
  inferred: boolean;
  verdict: Verdict;
  /** Only for retry: how to retry and when to give up. */
  retry?: { schedule: string; giveUp: string };
  /** home: the code page that explains this text (its anchor is the variant id), if documented. */
  variant?: { id: string; provider: string; providerName: string; meaning: string; home?: string };
  /** The text this finding was read from (a diagnostic, a reply, a line); evidence points into it. */
  text: string;
  evidence: Evidence[];
  warnings: string[];
  /** Where it came from: a delivery status notification, a reply line, or plain words. */
  shape: Shape;
  action?: string;
  remoteMta?: string;
  /** Why, in sisimai's vocabulary (userunknown, mailboxfull, blocked, ...). */
  reason: string;
  /** The SMTP command the failing reply answered (RCPT, DATA, ...), when the bounce says. */
  command?: string;
  /** Original-Recipient of a DSN, when it differs from the final recipient. */
  originalRecipient?: string;
  /** 1-based line of the input where it starts. */
  line: number;
}

export interface Analysis {
  findings: Finding[];
  /** True when the input was longer than the analyzer reads and was cut. */
  truncated: boolean;
  /** The returned original message (Message-ID, From, To), when the bounce includes it. */
  original?: { messageId?: string; from?: string; to?: string[] };
  /** A challenge-response request (the recipient's filter asks the sender to confirm): no failure. */
  challenge?: true;
  /** A feedback report or an ESP's complaint event: not a failure (see readers/feedback.ts). */
  feedback?: Feedback;
}

/**
 * A report that is not a bounce: a recipient's complaint (type "abuse", "fraud", "virus" or
 * "other", RFC 5965), an authentication failure report ("auth-failure", RFC 6591) or "not-spam".
 */
export interface Feedback {
  type: string;
  /** Who complained, as the report names them (often redacted or hashed); none for the other types. */
  recipients: string[];
}

/** Longest input read; more is cut (and reported) so no paste can stall the page. */
export const MAX_INPUT = 4 * 1024 * 1024;
export const MAX_FINDINGS = 20_000;
export const MAX_TEXT = 2000;

/** What a reader hands on: one failure before classification. */
export interface Draft {
  reply?: string;
  enhanced?: string;
  text: string;
  line: number;
  shape: Shape;
  recipient?: string;
  originalRecipient?: string;
  action?: string;
  remoteMta?: string;
  command?: string;
  inferred?: boolean;
  /** A DSN's Diagnostic-Code type (smtp, x-unix, x-postfix), lower-cased. */
  diagnosticType?: string;
  /** The notice's own words around a report (a DSN's human-readable part): read for the reason only
   * when the failure's text says nothing the phrases know. */
  context?: string;
  /** The sending server has stopped trying and returned the message (gave-up.ts): nothing retries it. */
  gaveUp?: boolean;
}
