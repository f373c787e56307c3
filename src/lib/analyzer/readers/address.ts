/** Email addresses in a line, and which one is the failed recipient: not the sender, wherever the notice names it. */

export interface FoundAddress {
  /** Where the match starts (its "<" when the address is in angle brackets). */
  index: number;
  /** Where it ends (after its ">"). */
  end: number;
  /** The address alone. */
  address: string;
  bracketed: boolean;
}

/** The domain after an address's "@", tried only there (sticky): recheck proves it linear. */
const DOMAIN_AT = /@([A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24})(>?)/y;
/** The characters of a local part the analyzer takes (A-Z a-z 0-9 . _ % + ' = -), by char code. */
const LOCAL = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+'=-") LOCAL[c.charCodeAt(0)] = 1;

/**
 * A mail log's key glued to a bare address ("from=bounces@…, to=user@…"): '=' is a local-part
 * character, so the key would be read as part of the address. Its length, with the '=' (else 0).
 */
const LOG_KEY = /(?:from|to|orig_to)=/iy;
function logKey(text: string, start: number, at: number): number {
  LOG_KEY.lastIndex = start;
  return LOG_KEY.test(text) && LOG_KEY.lastIndex < at ? LOG_KEY.lastIndex - start : 0;
}

/**
 * The first address at or after `from`, as `<?local@domain.tld>?` (local part 1-64 characters,
 * domain 1-253 then a dot and 2-24 letters) reads it. One expression cannot be proven linear (a
 * bounded local part searched from every position), so each "@" is found natively and the local
 * part is read backwards from it, at most 64 characters: linear.
 */
export function findAddress(text: string, from = 0): FoundAddress | undefined {
  for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > from && at - start < 64 && LOCAL[text.charCodeAt(start - 1)] === 1) start--;
    start += logKey(text, start, at);
    if (start === at) continue;
    DOMAIN_AT.lastIndex = at;
    const domain = DOMAIN_AT.exec(text);
    if (!domain) continue;
    // A "<" counts only right before a local part read whole (one cut at 64 characters has none).
    const bracketed = start > from && text.charCodeAt(start - 1) === 60;
    return {
      index: bracketed ? start - 1 : start,
      end: DOMAIN_AT.lastIndex,
      address: text.slice(start, at + 1 + domain[1].length),
      bracketed,
    };
  }
  return undefined;
}
/**
 * Just before an address: words that make it the envelope sender ("MAIL FROM:<…>", "from=<…>"), or
 * the alias Exim expanded to the failed address ("(ultimately generated from nyaan@…)").
 */
const SENDER_SLOT = /(?:mail from:?|from=|\bF=|envelope-from|sender(?: address)?:?|generated from)\s*<?$/i;
/** Just before an address: words that make it someone to write to ("to contact tosa@… to clarify"). */
const CONTACT_SLOT = /\bcontact(?: us)?(?: at)?:?\s*<?$/i;

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
  for (let m = findAddress(line); m; m = findAddress(line, m.end)) {
    if (++seen > 10) break;
    const before = line.slice(Math.max(0, m.index - 24), m.index + (m.bracketed ? 1 : 0));
    if (SENDER_SLOT.test(before) || CONTACT_SLOT.test(before)) continue;
    if (!senders.has(m.address.toLowerCase())) return m.address;
    senderAddress ??= m.address;
  }
  return above ?? senderAddress;
}

/** A line that is only a list item's address ("   * a@b.example", "<a@b.example>:", "\"a@b\"=20"). */
export const LIST_ITEM = /^[\s*\u2022-]{0,12}["'<]?[^\s<>"'@]{1,64}@[^\s<>"'@]{1,253}?[>"']?[:;,.]?(?:=20)?\s*$/;

/**
 * Postfix's block for one recipient, "<a@b>: host … said: 550 …" (or "<a@b> (expanded from
 * <list@c>): host …", an alias's member) down to the blank line: its
 * wrapped lines go on even when a copy lost their indentation (a ticket or a forum that collapses
 * spaces). qmail's "<a@b>:" alone on its line opens a block of separate sentences, not one.
 */
export const POSTFIX_BLOCK = /^<([^\s<>@]{1,64}@[^\s<>@:]{1,253})>(?: \(expanded from <[^\s<>]{0,320}>\))?: \S/;

/** The address a line opens a Postfix block with, lower-cased; undefined when it opens none. */
export const postfixBlockOf = (line: string) => POSTFIX_BLOCK.exec(line)?.[1].toLowerCase();

/** An address and a colon opening a line: a recipient's block (Postfix's, above, or qmail's "<a@b>:"). */
const NEW_BLOCK = /^<?[^\s<>@]{1,64}@[^\s<>@:]{1,253}>?:/;

/**
 * A line that names the next recipient: an address alone (Exim's "  bob@two.example", a list item),
 * or an address and a colon opening the next block (Postfix's "<b@two.example>: host … said: 550-…").
 * The words before it, however unfinished they look, are not wrapped onto it. Inside a Postfix
 * block (`block`: its address), a line that opens with that same address is the block's reply
 * wrapped ("said: 550" / "<a@b>: Recipient address rejected"), once a copy lost the indentation:
 * Postfix writes one block per recipient, and blank lines between them.
 */
export function namesNextRecipient(line: string, block?: string): boolean {
  if (block !== undefined && postfixBlockOf(line) === block) return false;
  return LIST_ITEM.test(line) || NEW_BLOCK.test(line);
}
