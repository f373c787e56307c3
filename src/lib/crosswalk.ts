/**
 * The ESP crosswalk: how sending services (data/esps/*.yaml) and bounce tools (data/tools) label
 * our codes, and which of our verdicts each label stands for. Loading names the file, the label
 * and the field of any problem; a code or provider text the data names must exist, or the build
 * fails. Where a vendor publishes no label for a code, the row says so (an empty list), never a guess.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { espSchema, type Esp, type EspLabel, type LabelVerdict } from '../schemas/esp.ts';
import type { Tool } from '../schemas/tool.ts';
import { DataError } from './dataset.ts';
import { toolLabels } from './tools.ts';

export type { Esp, EspLabel, LabelVerdict };

function describeLabel(raw: unknown, index: number): string {
  const label =
    raw && typeof raw === 'object' && 'label' in raw ? ` (${JSON.stringify((raw as { label: unknown }).label)})` : '';
  return `label ${index + 1}${label}`;
}

/** Parse and validate ESP files; problems name the file, the label and the field. */
export function validateEsps(files: { path: string; text: string }[]): Esp[] {
  const problems: string[] = [];
  const esps: Esp[] = [];
  for (const file of files) {
    const doc = parseDocument(file.text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const err of doc.errors) problems.push(`${file.path}: YAML syntax error: ${err.message.split('\n')[0]}`);
      continue;
    }
    const raw = doc.toJS() as unknown;
    const parsed = espSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [head, index, ...rest] = issue.path;
        if ((head === 'labels' || head === 'texts') && typeof index === 'number') {
          const items = (raw as Record<string, unknown[]>)[head];
          const where = head === 'labels' ? describeLabel(items?.[index], index) : `text ${index + 1}`;
          const field = rest.length ? `field "${rest.join('.')}"` : 'record';
          problems.push(`${file.path}: ${where}: ${field}: ${issue.message}`);
        } else {
          problems.push(`${file.path}: field "${issue.path.join('.') || '(file)'}": ${issue.message}`);
        }
      }
      continue;
    }
    const esp = parsed.data;
    const seen = new Set<string>();
    esp.labels.forEach((l, i) => {
      if (seen.has(l.label)) problems.push(`${file.path}: ${describeLabel(l, i)}: field "label": duplicated`);
      seen.add(l.label);
    });
    esp.texts.forEach((t, i) => {
      if (!seen.has(t.label))
        problems.push(`${file.path}: text ${i + 1}: field "label": "${t.label}" is not one of this file's labels`);
    });
    esps.push(esp);
  }
  const ids = new Map<string, number>();
  for (const e of esps) ids.set(e.id, (ids.get(e.id) ?? 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push(`esp id "${id}" is used by ${n} files`);
  if (problems.length) throw new DataError(problems);
  return esps;
}

/** Codes and provider texts the ESP data names must exist (file, label and field in each message). */
export function checkEspReferences(
  esps: readonly Esp[],
  documented: ReadonlySet<string>,
  variantIds: ReadonlySet<string>,
  pathOf: (esp: Esp) => string = (e) => `data/esps/${e.id}.yaml`,
): string[] {
  const problems: string[] = [];
  for (const esp of esps) {
    esp.labels.forEach((l, i) =>
      l.codes.forEach((c, j) => {
        if (!documented.has(c))
          problems.push(`${pathOf(esp)}: ${describeLabel(l, i)}: field "codes.${j}": "${c}" is not a documented code`);
      }),
    );
    esp.texts.forEach((t, i) => {
      if (!variantIds.has(t.variant))
        problems.push(`${pathOf(esp)}: text ${i + 1}: field "variant": no provider text has id "${t.variant}"`);
    });
  }
  return problems;
}

export function loadEsps(dir: string, root = process.cwd()): Esp[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch (err) {
    throw new DataError([`cannot read ESP directory ${relative(root, dir) || dir}: ${(err as Error).message}`]);
  }
  const files = names.map((n) => ({ path: relative(root, join(dir, n)), text: readFileSync(join(dir, n), 'utf8') }));
  for (const f of files) if (f.text.trim() === '') throw new DataError([`${f.path}: file is empty`]);
  return validateEsps(files);
}

/** One vendor's column in the crosswalk: an ESP, or a bounce tool (sisimai) with its verdicts. */
export interface Vendor {
  id: string;
  name: string;
  /** Where the label is found: a webhook field, or the tool's reason. */
  field: string;
  about: string;
  source: Esp['source'];
  otherSources: Esp['source'][];
  verified: string;
  kind: 'esp' | 'tool';
  labels: VendorLabel[];
  texts: Esp['texts'];
}

export interface VendorLabel {
  label: string;
  name?: string;
  meaning: string;
  category?: string;
  verdict?: LabelVerdict;
  verdictNote?: string;
  /** Our codes this label stands for; for a tool, the codes in its own table ("4.6.*" expanded on use). */
  codes: string[];
  basis?: 'documented' | 'definition' | 'tool-table';
}

export function espVendor(e: Esp): Vendor {
  return { ...e, kind: 'esp', labels: e.labels.map((l) => ({ ...l })) };
}

export function toolVendor(t: Tool): Vendor {
  return {
    id: t.id,
    name: t.name,
    field: 'reason',
    about: `${t.about} ${t.rule.text}`,
    source: t.source,
    otherSources: [t.rule.source],
    verified: t.verified,
    kind: 'tool',
    texts: [],
    labels: t.labels.map((l) => ({
      label: l.label,
      meaning: l.description,
      category: l.type,
      verdict: l.verdict,
      verdictNote: l.verdictNote,
      codes: l.codes,
      basis: 'tool-table',
    })),
  };
}

/** The labels a vendor gives this code; [] means the vendor publishes none for it. */
export function vendorLabelsFor(code: string, vendor: Vendor, tools: readonly Tool[]): VendorLabel[] {
  if (vendor.kind === 'tool') {
    const tool = tools.find((t) => t.id === vendor.id);
    const names = new Set(tool ? toolLabels(code, [tool]).map((x) => x.label.label) : []);
    return vendor.labels.filter((l) => names.has(l.label));
  }
  return vendor.labels.filter((l) => l.codes.includes(code));
}

export interface CrosswalkRow {
  code: string;
  title: string;
  /** The page's headline: its one verdict, or "depends" when it has a decision table (as on the page). */
  verdict?: string;
  /** vendor id → label names; an empty list = not published. */
  labels: Record<string, string[]>;
}

/** One row per code page, a column per vendor. */
export function crosswalkRows(
  pages: readonly { code: string; title: string; verdict?: string; decisions?: readonly unknown[] }[],
  vendors: readonly Vendor[],
  tools: readonly Tool[],
): CrosswalkRow[] {
  return pages.map((p) => ({
    code: p.code,
    title: p.title,
    // Not the fallback row: "Fix the sender" beside 550 would contradict its page's "Depends on the reason".
    verdict: p.decisions?.length ? 'depends' : p.verdict,
    labels: Object.fromEntries(vendors.map((v) => [v.id, vendorLabelsFor(p.code, v, tools).map((l) => l.label)])),
  }));
}

/**
 * Whether a code gets a row in the crosswalk page's table: only when a sending service labels it.
 * The rest (a number that grows with the dataset) are counted there and listed in crosswalk.json,
 * so the page stays the same size however many codes the site documents.
 */
export const hasPageRow = (row: Pick<CrosswalkRow, 'labels'>, vendors: readonly Pick<Vendor, 'id' | 'kind'>[]) =>
  vendors.some((v) => v.kind === 'esp' && (row.labels[v.id]?.length ?? 0) > 0);

/** Anchor id of a code's row on the crosswalk page ("code-5-1-1": ids keep to letters, digits and dashes). */
export const rowId = (code: string) => `code-${code.replaceAll('.', '-')}`;
/** Anchor id of a vendor label on the crosswalk page ("sparkpost-22"). */
export const labelId = (vendor: string, label: string) =>
  `${vendor}-${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;

/** How a label reads in running text: a bare class number gets its name ("22 Mailbox Full"). */
export const displayLabel = (l: Pick<VendorLabel, 'label' | 'name'>) =>
  /^\d+$/.test(l.label) && l.name ? `${l.label} ${l.name}` : l.label;
