/** The public JSON shape of a code page: everything on the page, plus derived class facts. */
import type { CodePage } from './dataset.ts';
import type { Provider, Variant } from './providers.ts';
import { classify } from './codes.ts';
import type { Tool } from './tools.ts';

export const DATA_FORMAT_VERSION = 1;

export function codeJson(
  page: CodePage,
  variants: { provider: Provider; variant: Variant }[],
  labels: { tool: Tool; label: Tool['labels'][number] }[],
  url: string,
) {
  const info = classify(page.code)!;
  const { source, ...rest } = page;
  return {
    ...rest,
    url,
    kind: info.kind,
    class: { digit: info.class.digit, name: info.class.name, label: info.class.label },
    subject: info.subject ? { digit: info.subjectDigit, title: info.subject.title } : undefined,
    standard: page.nonStandard === undefined,
    sourceFile: source,
    toolLabels: labels.map(({ tool, label }) => ({ tool: tool.id, label: label.label, type: label.type })),
    providerVariants: variants.map(({ provider, variant }) => ({
      provider: provider.id,
      providerName: provider.name,
      ...variant,
    })),
  };
}
