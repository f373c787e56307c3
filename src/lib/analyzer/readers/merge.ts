/** Joining the pieces readers found: fields that belong to one reply, and the same failure told twice. */
import type { Draft } from '../types.ts';

/** A lone "status: 5.1.1" field next to the reply it belongs to (webhook JSON, logs) joins that reply. */
export function mergeFields(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const prev = out[out.length - 1];
    const loneField = (x: Draft) => !x.reply && x.enhanced !== undefined;
    const bareCode = (x: Draft) => !x.enhanced && !/[A-Za-z]{3}/.test(x.text.slice(x.text.indexOf(x.reply ?? '') + 3));
    // Only pieces of one failure: close together and not naming two different recipients.
    if (
      prev &&
      Math.abs(d.line - prev.line) <= 5 &&
      (!d.recipient || !prev.recipient || d.recipient === prev.recipient)
    ) {
      if (d.reply && d.reply === prev.reply && bareCode(d)) continue; // "smtpResponseCode": 535 beside its reply
      if (loneField(d) && prev.reply && (!prev.enhanced || prev.enhanced === d.enhanced)) {
        prev.enhanced = d.enhanced;
        prev.text += ` ${d.text}`;
        continue;
      }
      if (loneField(prev) && d.reply && (!d.enhanced || d.enhanced === prev.enhanced)) {
        out[out.length - 1] = {
          ...d,
          enhanced: prev.enhanced,
          text: `${prev.text} ${d.text}`,
          recipient: d.recipient ?? prev.recipient,
        };
        continue;
      }
    }
    out.push(d);
  }
  return out;
}

/**
 * The first 60 characters of the text from `at` with every run of other characters than ASCII
 * letters and digits as one space, trimmed and lower-cased. One pass that stops at 60: the same as
 * replace(/[^A-Za-z0-9]+/g, ' ').toLowerCase().trim().slice(0, 60), without copying the whole text
 * (it was a tenth of the CLI's time on an all-failures log).
 */
export function coreOf(text: string, at: number): string {
  let core = '';
  let gap = false;
  for (let i = at; i < text.length && core.length < 60; i++) {
    const c = text.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    if (!(upper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
      gap = core.length > 0;
      continue;
    }
    if (gap) {
      core += ' ';
      gap = false;
      if (core.length === 60) break;
    }
    core += String.fromCharCode(upper ? c + 32 : c);
  }
  return core;
}

/**
 * The same failure quoted twice (a webhook's "error" and "smtpResponse", a log and its summary, a
 * notice that says "mailbox full" in two sentences) is one finding: compare what follows the code.
 */
export function dedupe(drafts: Draft[]): Draft[] {
  // The key is recipient|reply|enhanced|core, and a core holds no "|": two keys are the same exactly
  // when the heads are and then the cores. So a core is worked out only for a draft whose head was
  // seen before (a log names a new recipient on nearly every line: no core at all).
  const kept = new Map<string, { first: Draft; cores?: Set<string> }>();
  const core = (d: Draft) => (d.inferred ? '' : coreOf(d.text, Math.max(d.reply ? d.text.indexOf(d.reply) : -1, 0)));
  return drafts.filter((d) => {
    const head = `${d.recipient ?? ''}|${d.reply ?? ''}|${d.enhanced ?? ''}`;
    const same = kept.get(head);
    if (!same) {
      kept.set(head, { first: d });
      return true;
    }
    same.cores ??= new Set([core(same.first)]);
    const mine = core(d);
    if (same.cores.has(mine)) return false;
    same.cores.add(mine);
    return true;
  });
}

/**
 * An email notice bounces each recipient once, however many times it quotes the failure (the
 * transcript, the summary, a later deferral for the same host): one finding per recipient, the
 * first permanent one where there is one, since that is what bounced the message.
 */
export function onePerRecipient(drafts: Draft[]): Draft[] {
  const permanent = (d: Draft) => (d.reply ?? d.enhanced ?? '')[0] === '5';
  const kept = new Map<string, Draft>();
  for (const d of drafts) {
    if (!d.recipient) continue;
    const key = d.recipient.toLowerCase();
    const was = kept.get(key);
    if (!was || (!permanent(was) && permanent(d))) kept.set(key, d);
  }
  return drafts.filter((d) => !d.recipient || kept.get(d.recipient.toLowerCase()) === d);
}
