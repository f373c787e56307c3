/**
 * The check that keeps a page's headline honest against the provider texts shown with its code.
 * A provider text "carries" a code when its reply or enhanced code is that code: it is one reading
 * of the code, whichever page its anchor lives on.
 *
 * - Single-verdict page: every text that carries the code leads to that verdict, except a text whose
 *   provider uses the enhanced code for something else (shown apart on the page).
 * - Page with a decision table: every such text's verdict is one of the rows' verdicts, and each
 *   row's examples exist, carry the code and read the way the row says.
 */
import type { CodePage } from './dataset.ts';
import type { Provider } from './providers.ts';

export function checkVerdictsAgainstVariants(pages: CodePage[], providers: Provider[]): string[] {
  const problems: string[] = [];
  const byId = new Map(providers.flatMap((p) => p.variants.map((v) => [v.id, { provider: p, variant: v }] as const)));
  const byCode = new Map<string, { provider: Provider; variant: Provider['variants'][number] }[]>();
  for (const p of providers)
    for (const v of p.variants)
      for (const code of new Set([v.reply, v.enhanced]))
        if (code) byCode.set(code, [...(byCode.get(code) ?? []), { provider: p, variant: v }]);

  for (const page of pages) {
    const where = `${page.source}: code "${page.code}"`;
    const carried = byCode.get(page.code) ?? [];
    if (page.decisions) {
      const rowVerdicts = new Set(page.decisions.map((d) => d.verdict));
      for (const { provider, variant } of carried)
        if (!rowVerdicts.has(variant.verdict))
          problems.push(
            `${where}: field "decisions": ${provider.id} text "${variant.id}" says "${variant.verdict}", which no row of the decision table gives`,
          );
      page.decisions.forEach((d, i) => {
        for (const id of d.examples) {
          const hit = byId.get(id);
          if (!hit) problems.push(`${where}: field "decisions.${i}.examples": "${id}" is not a provider text id`);
          else if (hit.variant.reply !== page.code && hit.variant.enhanced !== page.code)
            problems.push(`${where}: field "decisions.${i}.examples": "${id}" does not carry the code ${page.code}`);
          else if (hit.variant.verdict !== d.verdict)
            problems.push(
              `${where}: field "decisions.${i}.examples": "${id}" says "${hit.variant.verdict}", not the row's "${d.verdict}"`,
            );
        }
      });
    } else if (page.verdict) {
      // A provider that reuses this enhanced code for something else (differsFromRegistry) is not a
      // reading of the code: the page shows it apart ("Providers use X differently") and the analyzer
      // warns on it, so it does not turn a single-verdict page into a "depends" one.
      for (const { provider, variant } of carried)
        if (variant.verdict !== page.verdict && !(variant.differsFromRegistry && variant.enhanced === page.code))
          problems.push(
            `${where}: field "verdict": the headline says "${page.verdict}" but ${provider.id} text "${variant.id}" says "${variant.verdict}"; every reading must lead to the headline's action, or give a decisions table`,
          );
    }
  }
  return problems;
}
