/** Reader for failures told in words only (no code): the code is inferred from the words. */
import { BOUNCE_MARKERS, HEADER_FIELD, PERMANENT } from '../patterns.ts';
import { RULES } from '../rules.ts';
import { recipientIn } from './address.ts';
import { MAX_FINDINGS, MAX_TEXT, type Draft } from '../types.ts';

/**
 * Code-less failures, one per line that says what went wrong. `only` limits it to some lines
 * (in a log that also has coded replies: the log lines of failed deliveries without a code).
 */
export function inferFromWords(
  lines: string[],
  text: string,
  only?: (line: string, index: number) => boolean,
  bounce = false,
  senders: ReadonlySet<string> = new Set(),
): Draft[] {
  let lastAddress: string | undefined;
  const out: Draft[] = [];
  if (!only && !bounce && lines.length > 5 && !BOUNCE_MARKERS.test(text.slice(0, 20_000))) return out;
  // An email's own header block (trace and authentication fields) is never the failure.
  let body = 0;
  if (/^[A-Za-z][A-Za-z0-9-]*:\s/.test(lines[0] ?? '') && lines.length > 5)
    body = Math.max(
      0,
      lines.findIndex((l) => !l.trim()),
    );
  for (let i = body; i < lines.length && out.length < MAX_FINDINGS; i++) {
    if (only && !only(lines[i], i)) continue;
    if (HEADER_FIELD.test(lines[i])) continue;
    const here = recipientIn(lines[i].slice(0, MAX_TEXT), senders);
    // Join the indented lines that wrap this one ("Connection timed\n    out").
    let line = lines[i].length > MAX_TEXT ? lines[i].slice(0, MAX_TEXT) : lines[i];
    for (let j = i + 1; j < lines.length && j <= i + 3 && /^[ \t]+\S/.test(lines[j]) && line.length < MAX_TEXT; j++)
      line += ` ${lines[j].trim()}`;
    const rule = RULES.find((r) => r.re.test(line));
    // A notice names the recipient on its own line just before the reason (Exchange, Gmail, qmail).
    if (!rule) {
      if (!only) lastAddress = here ?? lastAddress;
      continue;
    }
    // Only a full mailbox reads either way; the notice says which.
    const code = rule.permanent && PERMANENT.test(text) ? rule.permanent : rule.code;
    out.push({
      enhanced: code,
      inferred: true,
      text: line.trim(),
      line: i + 1,
      shape: 'text',
      recipient: here ?? (only ? undefined : lastAddress),
    });
  }
  return out;
}
