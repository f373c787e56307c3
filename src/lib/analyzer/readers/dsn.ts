/** Reader for RFC 3464 delivery status notifications: one draft per failed or delayed recipient. */
import { ADDRESS, ANY_ENHANCED, DSN_FIELD, REPLY_START } from '../patterns.ts';
import { RULES } from '../rules.ts';
import type { Draft } from '../types.ts';
import { parseReplies } from './replies.ts';

/** Strip the type prefix of a DSN field value ("rfc822; a@b", "smtp; 550 …", "dns; mx.example"). */
const fieldValue = (v: string) => v.replace(/^\s*[a-z0-9-]+\s*;\s*/i, '').trim();

/** RFC 3464 per-recipient blocks, with folded lines unfolded. Returns [] when there are none. */
type DsnGroup = Draft & { status?: string; hasRecipient?: boolean };

export function parseDsn(lines: string[]): Draft[] {
  // RFC 3464: each recipient's fields form one block, blocks separated by a blank line; the fields
  // inside a block come in any order. A second Final-Recipient also starts a new block.
  const groups: DsnGroup[] = [];
  let cur: DsnGroup | undefined;
  let lastField: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) {
      cur = undefined;
      lastField = undefined;
      continue;
    }
    if (lastField === 'diagnostic-code' && cur && /^[ \t]+\S/.test(line)) {
      cur.text += ` ${line.trim()}`;
      continue;
    }
    const m = DSN_FIELD.exec(line);
    lastField = m?.[1].toLowerCase();
    if (!m) continue;
    const field = m[1].toLowerCase();
    const value = m[2];
    if (!cur || (field === 'final-recipient' && cur.hasRecipient)) {
      cur = { text: '', line: i + 1, shape: 'dsn' };
      groups.push(cur);
    }
    if (field === 'final-recipient' || field === 'original-recipient') {
      if (field === 'final-recipient' || !cur.recipient) cur.recipient = ADDRESS.exec(value)?.[1] ?? fieldValue(value);
      if (field === 'final-recipient') cur.hasRecipient = true;
    } else if (field === 'action') cur.action = value.trim().toLowerCase();
    else if (field === 'status') cur.status = ANY_ENHANCED.exec(value)?.[1];
    else if (field === 'remote-mta') cur.remoteMta = fieldValue(value);
    else if (field === 'diagnostic-code') cur.text = fieldValue(value);
  }
  const out: Draft[] = [];
  // The human-readable part before the report often says in words what a bare Status: 5.0.0 does not.
  const firstField = lines.findIndex((l) => DSN_FIELD.test(l));
  const human = firstField > 0 ? lines.slice(0, firstField) : [];
  const humanReply = parseReplies(human)[0];
  const humanLine = human.find((l) => !/^[A-Za-z-]+:\s/.test(l) && RULES.some((r) => r.re.test(l)));
  for (const g of groups) {
    if (!g.status && !g.text && !g.action) continue; // the per-message block (Reporting-MTA …)
    if (g.action && !/^(failed|delayed)/.test(g.action)) continue; // delivered, relayed, expanded: not failures
    if (!g.text && humanReply) {
      g.text = humanReply.text;
      g.reply = humanReply.reply;
    }
    // A folded multi-line reply repeats its "550-5.1.1" prefix: keep the first, drop the rest.
    g.text = g.text.replace(
      /(?<=\S)\s+[2-5][0-9]{2}(?:-(?:[245]\.[0-9]{1,3}\.[0-9]{1,3}\s)?| [245]\.[0-9]{1,3}\.[0-9]{1,3}\s)/g,
      ' ',
    );
    g.reply ??= REPLY_START.exec(g.text)?.[1];
    const inText = ANY_ENHANCED.exec(g.text)?.[1];
    g.enhanced = g.status ?? inText;
    if (!g.text) g.text = humanLine?.trim() || [g.action, g.status].filter(Boolean).join(' ');
    if (!g.enhanced && !g.reply) {
      const rule = RULES.find((r) => r.re.test(g.text));
      if (!rule) continue;
      g.enhanced = rule.code;
      g.inferred = true;
    }
    out.push(g);
  }
  return out;
}
