// Where a provider variant is explained. Which variant a text is credited to: src/lib/matcher.ts.
import { codeUrl, withBase } from './urls.ts';
/** The page a variant is explained on: its enhanced code's page if documented, else its reply code's. */
export function variantHome(
  v: { reply?: string; enhanced?: string },
  documented: { has(code: string): boolean },
): string | undefined {
  if (v.enhanced && documented.has(v.enhanced)) return v.enhanced;
  if (v.reply && documented.has(v.reply)) return v.reply;
  return undefined;
}

/**
 * Where a link to a provider text goes: its anchor on the code page that shows it, or on its
 * provider's page when no documented code page holds it.
 */
export function variantUrl(
  v: { id: string; reply?: string; enhanced?: string },
  providerId: string,
  documented: { has(code: string): boolean },
  base: string,
): string {
  const home = variantHome(v, documented);
  return home ? `${codeUrl(home, base)}#${v.id}` : withBase(`providers/${providerId}/#${v.id}`, base);
}
