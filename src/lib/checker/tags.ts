// Tag=value lists, the syntax DKIM keys (RFC 6376 §3.2), DMARC, MTA-STS, TLS-RPT and BIMI share.

export interface TagList {
  tags: Map<string, string>;
  /** Tag names in the order written (to check that v= comes first). */
  order: string[];
  duplicates: string[];
  malformed: string[];
}

export function parseTags(record: string): TagList {
  const tags = new Map<string, string>();
  const order: string[] = [];
  const duplicates: string[] = [];
  const malformed: string[] = [];
  for (const piece of record.split(';')) {
    const p = piece.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    const name = eq > 0 ? p.slice(0, eq).trim().toLowerCase() : '';
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      malformed.push(p);
      continue;
    }
    if (tags.has(name)) duplicates.push(name);
    else tags.set(name, p.slice(eq + 1).trim());
    order.push(name);
  }
  return { tags, order, duplicates, malformed };
}
