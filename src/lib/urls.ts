/**
 * Every internal URL goes through here so the site works at the root and under a
 * sub-path (BASE_PATH). `base` is Astro's import.meta.env.BASE_URL ("/" or "/sub/").
 */
export function withBase(path: string, base: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return b + path.replace(/^\/+/, '');
}

/** /codes/550/ and /codes/5.1.1/: short, stable, and exactly the code people type. */
export function codePath(code: string): string {
  return `codes/${code}/`;
}

export function codeUrl(code: string, base: string): string {
  return withBase(codePath(code), base);
}

/** Strip the base from a pathname; undefined when the path lies outside the site. */
export function stripBase(pathname: string, base: string): string | undefined {
  const b = base.endsWith('/') ? base : `${base}/`;
  if (pathname === b.slice(0, -1)) return '/';
  return pathname.startsWith(b) ? `/${pathname.slice(b.length)}` : undefined;
}

/** The code a /codes/<code>/ path asks for (decoded, without slashes), if the path has that shape. */
export function codeFromPath(pathname: string, base: string): string | undefined {
  const rest = stripBase(pathname, base);
  const m = rest?.match(/^\/codes\/([^/]+)\/?(?:index\.html)?$/);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}

export function rfcUrl(rfc: number, section?: string): string {
  return `https://www.rfc-editor.org/rfc/rfc${rfc}${section ? `#section-${section}` : ''}`;
}
