/**
 * Charsets that MIME parts get wrong, put right before parsing. The parser decodes each text part
 * with the charset it declares, so a wrong label turns every non-ASCII letter into U+FFFD and no
 * phrase in that language can match:
 * - a part labelled ISO-2022-JP (a 7-bit encoding) whose bytes are 8-bit is UTF-8, EUC-JP or
 *   Shift_JIS (the first that decodes without error), as Japanese carriers' notices often are;
 * - a part with no charset (or US-ASCII) whose 8-bit bytes are not UTF-8 is read as windows-1252,
 *   the fallback browsers use (WHATWG Encoding); a single-part email is read as its one part.
 * Parts in base64 or quoted-printable are left alone: their bytes are only known once decoded.
 */

const LATIN1 = new TextDecoder('latin1');
/** A strict decoder per charset, made once: one that throws on the first invalid sequence. */
const STRICT = new Map<string, TextDecoder>();

/** Whether the bytes decode as `charset` without a single invalid sequence. */
function decodes(bytes: Uint8Array, charset: string): boolean {
  let decoder = STRICT.get(charset);
  if (!decoder) STRICT.set(charset, (decoder = new TextDecoder(charset, { fatal: true })));
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const isUtf8 = (bytes: Uint8Array) => decodes(bytes, 'utf-8');

const has8bit = (bytes: Uint8Array) => bytes.some((b) => b >= 0x80);

/** The charset the part's body bytes are in, when its label is wrong; undefined when it is right. */
function trueCharset(label: string | undefined, body: Uint8Array): string | undefined {
  if (!has8bit(body)) return undefined;
  const name = label?.toLowerCase();
  if (name === 'iso-2022-jp') return isUtf8(body) ? 'utf-8' : ['euc-jp', 'shift_jis'].find((c) => decodes(body, c));
  if ((name === undefined || name === 'us-ascii') && !isUtf8(body)) return 'windows-1252';
  return undefined;
}

/** Where a header ends: after its last line's line end, the body after the blank line; that line end. */
interface Blank {
  headerEnd: number;
  bodyStart: number;
  eol: string;
}

const BLANK = /\r?\n\r?\n/g;
function blankAfter(text: string, from: number): Blank | undefined {
  BLANK.lastIndex = Math.max(0, from);
  const m = BLANK.exec(text);
  if (!m) return undefined;
  const eol = m[0].startsWith('\r') ? '\r\n' : '\n';
  return { headerEnd: m.index + eol.length, bodyStart: m.index + m[0].length, eol };
}

/** Bytes to put in place of [start, end). */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The edits that put one part's Content-Type right (none when it is right or not plain text). The
 * part's header runs from `start` to its blank line, its body from there to `bodyEnd`.
 */
function partEdits(bytes: Uint8Array, text: string, start: number, blank: Blank, bodyEnd: number): Edit[] {
  const { headerEnd, bodyStart, eol } = blank;
  const header = text.slice(start, headerEnd);
  if (/^content-transfer-encoding:[ \t]*(?:base64|quoted-printable)/im.test(header)) return [];
  // The Content-Type field with its folded lines.
  const type = /^content-type:[ \t]*([^\r\n;]*)[^\n]*(?:\n[ \t][^\n]*)*/im.exec(header);
  if (type && !/^text\/plain\b/i.test(type[1].trim())) return [];
  const found = type && /\bcharset[ \t]*=[ \t]*"?([^\s";]{1,40})/i.exec(type[0]);
  const charset = found && { index: type.index + found.index, 0: found[0], 1: found[1] };
  const fix = trueCharset(charset?.[1], bytes.subarray(bodyStart, bodyEnd));
  if (!fix) return [];
  if (charset) {
    const at = start + charset.index + charset[0].length - charset[1].length;
    return [{ start: at, end: at + charset[1].length, text: fix }];
  }
  // No charset named: a Content-Type that names it, as the header's last field (before its blank
  // line); one the part had is renamed out of the way.
  const field = { start: headerEnd, end: headerEnd, text: `Content-Type: text/plain; charset=${fix}${eol}` };
  return type ? [{ start: start + type.index, end: start + type.index, text: 'X-Old-' }, field] : [field];
}

/** The boundaries the email's multipart Content-Types declare (nested ones too). */
function boundaries(text: string): Set<string> {
  const found = text.matchAll(/boundary[ \t]*=[ \t]*(?:"([^"\n]{1,200})"|([^\s;"]{1,200}))/gi);
  return new Set([...found].map((m) => m[1] ?? m[2]));
}

/**
 * The email's bytes (LF line ends) with each text part's wrong charset put right; the same bytes
 * when none is wrong.
 */
export function withPartCharsets(bytes: Uint8Array): Uint8Array {
  if (!has8bit(bytes)) return bytes;
  // latin1: one character per byte, so a position in the text is a byte offset.
  const text = LATIN1.decode(bytes);
  const blank = blankAfter(text, 0);
  if (!blank) return bytes;
  const type = /^content-type:[ \t]*([^\r\n;]*)/im.exec(text.slice(0, blank.headerEnd))?.[1].trim() ?? '';
  // A single-part email is one part: its own header and body.
  const edits: Edit[] = /^multipart\//i.test(type)
    ? multipartEdits(bytes, text)
    : partEdits(bytes, text, 0, blank, bytes.length);
  if (!edits.length) return bytes;
  const encoder = new TextEncoder();
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const e of edits) {
    pieces.push(bytes.subarray(at, e.start), encoder.encode(e.text));
    at = e.end;
  }
  pieces.push(bytes.subarray(at));
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of pieces) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** The edits for each part of a multipart email, nested parts included. */
function multipartEdits(bytes: Uint8Array, text: string): Edit[] {
  const declared = boundaries(text);
  // Where each boundary line starts, and whether it opens a part (a closing one ends in "--").
  const lines: { at: number; opens: boolean; next: number }[] = [];
  for (const m of text.matchAll(/^--([^\r\n]{1,204})\r?$/gm)) {
    const token = m[1].trimEnd();
    if (declared.has(token)) lines.push({ at: m.index, opens: true, next: m.index + m[0].length + 1 });
    else if (token.endsWith('--') && declared.has(token.slice(0, -2)))
      lines.push({ at: m.index, opens: false, next: 0 });
  }
  const edits: Edit[] = [];
  lines.forEach((line, i) => {
    if (!line.opens || edits.length > 400) return;
    const bodyEnd = i + 1 < lines.length ? lines[i + 1].at : bytes.length;
    // From the boundary line's own line end: a part may have no header at all.
    const blank = blankAfter(text, line.next - 2);
    if (!blank || blank.bodyStart > bodyEnd) return;
    edits.push(...partEdits(bytes, text, line.next, blank, bodyEnd));
  });
  return edits;
}
