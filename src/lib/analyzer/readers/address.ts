/** Which address in a line is the failed recipient: not the sender, wherever the notice names it. */
import { ADDRESS } from '../patterns.ts';

const ADDRESSES = new RegExp(ADDRESS.source, 'g');
/**
 * Just before an address: words that make it the envelope sender ("MAIL FROM:<…>", "from=<…>"), or
 * the alias Exim expanded to the failed address ("(ultimately generated from nyaan@…)").
 */
const SENDER_SLOT = /(?:mail from:?|from=|\bF=|envelope-from|sender(?: address)?:?|generated from)\s*<?$/i;

/**
 * The first address that is not in a sender's slot, preferring one that is not the sender's
 * (some notices go to the same address that failed, so the sender's is the last resort). A line
 * that names only the sender ("550 5.7.0 <sender>... use your ISP's server") gives `above`, the
 * address a reader last met, when there is one.
 */
export function recipientIn(line: string, senders: ReadonlySet<string>, above?: string): string | undefined {
  // Most lines name no address: a native search skips the pattern for them.
  if (!line.includes('@')) return undefined;
  let seen = 0;
  let senderAddress: string | undefined;
  // exec on the one global expression, not matchAll: no iterator and no copy of the expression
  // per line (they were most of this function's time in a log's first analysis).
  ADDRESSES.lastIndex = 0;
  for (let m = ADDRESSES.exec(line); m; m = ADDRESSES.exec(line)) {
    if (++seen > 10) break;
    if (SENDER_SLOT.test(line.slice(Math.max(0, m.index - 24), m.index + (m[0].startsWith('<') ? 1 : 0)))) continue;
    if (!senders.has(m[1].toLowerCase())) return m[1];
    senderAddress ??= m[1];
  }
  return above ?? senderAddress;
}
