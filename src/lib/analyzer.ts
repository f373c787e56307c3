/**
 * The bounce analyzer: finds every failure in pasted text (a reply line, a multi-line reply, a
 * whole bounce email, an NDR, a log) and says what each one means and what to do. Pure and
 * linear in the input: it runs in the browser (/analyze/) and in the command line (bin/analyze.ts).
 *
 * The pipeline, one module per stage under analyzer/:
 *   message (MIME, charsets; the returned original set apart) → readers (DSN, SMTP replies, words)
 *   → classification (reason and verdict) → output (findings with evidence and warnings).
 *
 * Order of evidence: a provider's own wording (variant) beats the enhanced code, which beats the
 * reply code; words decide when a code is vague (550, 5.0.0), and give an inferred code when the
 * text has no code at all.
 */
import { finish } from './analyzer/output.ts';
import { parseDsn } from './analyzer/readers/dsn.ts';
import { dedupe, mergeFields } from './analyzer/readers/merge.ts';
import { parseReplies } from './analyzer/readers/replies.ts';
import { inferFromWords } from './analyzer/readers/words.ts';
import { LOG_FAILURE } from './analyzer/patterns.ts';
import type { PreparedKnowledge } from './analyzer/knowledge.ts';
import { MAX_FINDINGS, MAX_INPUT, type Analysis, type Finding } from './analyzer/types.ts';

export { buildKnowledge, prepareKnowledge, type PreparedKnowledge } from './analyzer/knowledge.ts';
export {
  MAX_INPUT,
  type AnalyzerKnowledge,
  type Analysis,
  type Evidence,
  type Finding,
  type KnownCode,
  type KnownVariant,
  type Shape,
} from './analyzer/types.ts';
/** Undo quoted-printable soft line breaks and =XX escapes, which split words in many bounce emails. */
function decodeQuotedPrintable(text: string): string {
  if (!/=\r?\n/.test(text) || !(/quoted-printable/i.test(text) || /=(?:20|3D)/.test(text))) return text;
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => {
    const c = parseInt(h, 16);
    return c >= 32 && c < 127 ? String.fromCharCode(c) : c === 9 ? '\t' : `=${h}`;
  });
}

export function analyze(input: string, k: PreparedKnowledge): Analysis {
  const truncated = input.length > MAX_INPUT;
  const text = decodeQuotedPrintable(truncated ? input.slice(0, MAX_INPUT) : input);
  const lines = text.split(/\r\n|\r|\n/);
  // A delivery status report speaks for itself: when it has per-recipient blocks, they decide,
  // even when none failed (a report of successful delivery is not a bounce).
  const dsn = lines.some((l) =>
    /^(?:final-recipient\s*:|action\s*:\s*(?:failed|delayed|delivered|relayed|expanded|deliverable))/i.test(l),
  );
  let drafts = dsn ? parseDsn(lines) : mergeFields(parseReplies(lines));
  if (dsn)
    return {
      findings: dedupe(drafts)
        .slice(0, MAX_FINDINGS)
        .map((d) => finish(d, k)),
      truncated,
    };
  if (drafts.length === 0) drafts = inferFromWords(lines, text);
  else if (drafts[0].shape === 'reply') {
    // A mail log mixes coded replies with code-less failures ("connect to …: Connection timed out").
    const covered = new Set(drafts.map((d) => d.line - 1));
    const extra = inferFromWords(lines, text, (line, i) => !covered.has(i) && LOG_FAILURE.test(line));
    if (extra.length) drafts = [...drafts, ...extra].sort((a, b) => a.line - b.line);
  }
  return {
    findings: dedupe(drafts)
      .slice(0, MAX_FINDINGS)
      .map((d) => finish(d, k)),
    truncated,
  };
}

/**
 * Input of any size (the command line over a mail log): cut into ~1 MB pieces at line breaks
 * that do not fall inside a wrapped reply, and analyse each piece.
 */
export function analyzeAll(input: string, k: PreparedKnowledge, chunk = 1 << 20): Analysis {
  if (input.length <= chunk) return analyze(input, k);
  const findings: Finding[] = [];
  let start = 0;
  let lineOffset = 0;
  while (start < input.length) {
    let end = Math.min(start + chunk, input.length);
    if (end < input.length) {
      let nl = input.indexOf('\n', end);
      while (nl !== -1 && (input[nl + 1] === ' ' || input[nl + 1] === '\t')) nl = input.indexOf('\n', nl + 1);
      end = nl === -1 ? input.length : nl + 1;
    }
    const part = input.slice(start, end);
    for (const f of analyze(part, k).findings) findings.push({ ...f, line: f.line + lineOffset });
    for (let i = part.indexOf('\n'); i !== -1; i = part.indexOf('\n', i + 1)) lineOffset++;
    start = end;
  }
  return { findings, truncated: false };
}
