/**
 * Carrying pasted text in the URL fragment (/analyze/#…), which browsers never send to a
 * server. Plain percent-encoding keeps it readable and dependency-free.
 */
const MAX_SHARE_CHARS = 8000;

export function encodeShare(text: string): string | undefined {
  return text.length > MAX_SHARE_CHARS ? undefined : `#${encodeURIComponent(text)}`;
}

export function decodeShare(hash: string): string {
  if (!hash || hash === '#') return '';
  try {
    return decodeURIComponent(hash.replace(/^#/, ''));
  } catch {
    return ''; // a hand-edited or cut-off link: start empty rather than fail
  }
}
