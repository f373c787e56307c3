/**
 * A header block's fields (up to its first blank line), folded lines joined: each name lower-cased
 * and each value trimmed, in order (a field may repeat, such as Original-Rcpt-To). Header blocks are
 * short: plain string work, no expression built from a field's name.
 */
export function headerFields(text: string): { name: string; value: string }[] {
  const block = text
    .trimStart()
    .split(/\r?\n\r?\n/, 1)[0]
    .replace(/\r?\n[ \t]+/g, ' ');
  const fields: { name: string; value: string }[] = [];
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}
