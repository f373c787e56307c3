/**
 * Loading the reason phrases (data/reasons.yaml), the providers' rule labels (data/reason-labels.yaml,
 * beside it) and sisimai's code table (data/tools/sisimai.yaml).
 */
import { dirname, join } from 'node:path';
import {
  reasonLabelsFileSchema,
  reasonsFileSchema,
  type ReasonLabelTable,
  type ReasonsFile,
} from '../schemas/reasons.ts';
import type { ReasonData } from './analyzer/types.ts';
import { loadTools } from './tools.ts';
import { DataError, readYamlFile } from './yaml-data.ts';

/** What providers' pages show of the rule labels: each provider's tables, and what each reason means. */
export interface RuleLabelPages {
  byProvider: Map<string, ReasonLabelTable[]>;
  /** Each reason's one-sentence meaning (data/reasons.yaml `about`). */
  meanings: Map<string, string>;
}

/**
 * The rule-label tables (data/reason-labels.yaml) by the providers whose pages list them. A table
 * naming a provider that does not exist fails with the file, the table and the field.
 */
export function loadRuleLabelPages(
  providerIds: Iterable<string>,
  file = 'data/reasons.yaml',
  labelsFile = join(dirname(file), 'reason-labels.yaml'),
): RuleLabelPages {
  const known = new Set(providerIds);
  const byProvider = new Map<string, ReasonLabelTable[]>();
  const problems: string[] = [];
  readYamlFile(labelsFile, reasonLabelsFileSchema).forEach((table, i) => {
    for (const [j, id] of (table.providers ?? []).entries()) {
      if (!known.has(id))
        problems.push(`${labelsFile}: table ${i} ("${table.name}"), field "providers.${j}": no provider "${id}"`);
      else byProvider.set(id, [...(byProvider.get(id) ?? []), table]);
    }
  });
  if (problems.length) throw new DataError(problems);
  const meanings = new Map(readYamlFile(file, reasonsFileSchema).map((r) => [r.reason, r.about]));
  return { byProvider, meanings };
}

export function loadReasons(
  file = 'data/reasons.yaml',
  toolsDir = 'data/tools',
  labelsFile = join(dirname(file), 'reason-labels.yaml'),
): ReasonData {
  const reasons = readYamlFile(file, reasonsFileSchema);
  const labels = readYamlFile(labelsFile, reasonLabelsFileSchema);
  const codes: Record<string, string> = {};
  const sisimai = loadTools(toolsDir).find((t) => t.id === 'sisimai');
  for (const label of sisimai?.labels ?? []) for (const code of label.codes) codes[code] ??= label.label;
  return {
    phrases: specificFirst(placedPhrases(reasons, file)),
    codes,
    labels: labels.map(({ name, pattern, codes }) => ({ name, pattern, codes })),
  };
}

/** One phrase of the file, where it is, and its rank (lower is tried first; a provider's own wording is below 0). */
export interface PlacedPhrase {
  reason: string;
  text: string;
  first: boolean;
  rank: number;
  /** The record and field, for messages: reason 3 ("userunknown"), field "phrases.2.texts.5". */
  at: string;
}

/**
 * Every phrase with its rank: the reason's place in the file (a provider's own wording before all).
 * A phrase listed under two reasons fails with both places: only the first of them could ever decide.
 */
export function placedPhrases(reasons: ReasonsFile, file: string): PlacedPhrase[] {
  const placed: PlacedPhrase[] = [];
  const seen = new Map<string, PlacedPhrase>();
  const problems: string[] = [];
  reasons.forEach((r, i) =>
    r.phrases.forEach((group, j) =>
      group.texts.forEach((text, k) => {
        const first = group.first === true;
        const p = {
          reason: r.reason,
          text,
          first,
          rank: first ? i - reasons.length : i,
          at: `reason ${i} ("${r.reason}"), field "phrases.${j}.texts.${k}"`,
        };
        const other = seen.get(text);
        if (!other) seen.set(text, p);
        else if (other.reason !== p.reason) {
          // Name the place that never decides: the one tried later.
          const [won, lost] = other.rank <= p.rank ? [other, p] : [p, other];
          problems.push(
            `${file}: ${lost.at}: "${text}" is also a phrase of "${won.reason}" (${won.at}), which is tried first, so here it never decides; keep it under one reason`,
          );
        }
        placed.push(p);
      }),
    ),
  );
  if (problems.length) throw new DataError(problems);
  return placed;
}

/**
 * The phrases grouped for matching, a longer phrase before the shorter ones of other reasons it
 * holds: a text with "requested mail action aborted: exceeded storage allocation" (systemfull) also
 * holds "exceeded storage allocation" (mailboxfull), and the longer wording says more. Otherwise the
 * file's order. Each group is one reason's run of phrases; a group's index is its rank (a provider's
 * own wording: index minus the number of groups), as the analyzer reads it.
 */
export function specificFirst(phrases: PlacedPhrase[]): ReasonData['phrases'] {
  // Shorter phrases first, so a phrase's place is known before any longer phrase that holds it.
  const byLength = [...phrases].sort((a, b) => a.text.length - b.text.length);
  // Where each phrase goes: a number to sort by, and whether it goes among a provider's own wording.
  const place = new Map<PlacedPhrase, { at: number; own: boolean }>();
  for (const [n, p] of byLength.entries()) {
    let best = { at: p.rank, own: p.first };
    const within = p.text.split(' … ').join('\n');
    for (let m = 0; m < n; m++) {
      const q = byLength[m];
      const held = place.get(q)!;
      // Just before q (one step per level of nesting, far below one rank): after all that came before it.
      if (
        q.reason !== p.reason &&
        held.at - 1e-3 < best.at &&
        q.text.length < p.text.length &&
        holdsInOrder(within, q.text)
      )
        best = { at: held.at - 1e-3, own: best.own || held.own };
    }
    place.set(p, best);
  }
  const ordered = [...phrases].sort((a, b) => place.get(a)!.at - place.get(b)!.at || a.rank - b.rank);
  const groups: ReasonData['phrases'] = [];
  // A provider's own wording first, and any phrase that holds it: the analyzer tries those first.
  for (const [own, key] of [
    [true, 'first'],
    [false, 'texts'],
  ] as const)
    for (const p of ordered.filter((p) => place.get(p)!.own === own)) {
      const last = groups.at(-1);
      if (last?.reason === p.reason) (last[key] ??= []).push(p.text);
      else
        groups.push(
          key === 'first' ? { reason: p.reason, texts: [], first: [p.text] } : { reason: p.reason, texts: [p.text] },
        );
    }
  return groups;
}

/** True when the phrase's parts (" … ") occur in this order in the text (where "\n" parts can never span). */
function holdsInOrder(text: string, phrase: string): boolean {
  let at = 0;
  for (const part of phrase.split(' … ')) {
    const i = text.indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  return true;
}
