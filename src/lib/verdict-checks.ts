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
import type { BounceType } from './codes.ts';
import type { Verdict } from './dataset.ts';
import { addressEffect } from './verdicts.ts';
import { sentences } from './verdict-rules.ts';

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

/*
 * The checks below keep one page from saying two incompatible things about the address, the failure
 * and retrying. Each reads our own words (never a provider's quoted text) and names the file, the
 * record and the field.
 */

/**
 * A bounce type and a verdict that cannot stand side by side: "Hard bounce" (the same message will
 * not succeed) beside "Retry later" (send the same message again), or "Soft bounce" (temporary)
 * beside "Suppress the address" (the address is dead). Used for pages, provider texts and search hits.
 */
export function badgeConflict(
  bounceType: BounceType | undefined,
  verdict: Verdict | 'depends' | undefined,
): string | undefined {
  if (bounceType === 'hard' && verdict === 'retry')
    return '"Hard bounce" (the same message will not succeed) beside "Retry later" (send the same message again)';
  if (bounceType === 'soft' && verdict === 'suppress')
    return '"Soft bounce" (a temporary failure) beside "Suppress the address" (the address is dead)';
  if (bounceType === 'info' && verdict && verdict !== 'none') return '"Not a failure" beside an action';
  return undefined;
}

/** "Your server retries it by itself": true of a 4xx reply, never of a 5xx one (nothing queues it again). */
const AUTO_RETRY =
  /\b(let|leave) (it to )?(your|the) (sending server|server|MTA|queue|MTA or ESP)\b[^.;:]*\bretr|\bretr(y|ies) (it )?(automatically|on its own)\b|\bwhile (the message|it) is (still )?queued\b|\bkeeps? the message queued\b|\byour (server|MTA) retries\b|\bthe message stays queued\b/i;
/** The sentence is about the temporary form of the code, which the queue does retry. */
const NAMES_TEMPORARY =
  /\btemporary (form|4xx|reply|code|deferral|4\.\d)|\b4\.\d{1,3}\.\d{1,3}\b|\b4\d\d\b|\b4xx\b|\bdeferr(al|ed)\b/i;
/** An instruction to drop the address. */
const SUPPRESS_ACTION =
  /\bsuppress(ing)?\b(?! lists?\b)|\b(remove|drop|unsubscribe|delete) (it|the (recipient'?s? )?address|the recipient|this address)\b/i;
const NEGATED_SUPPRESS = /\b(not|never|no reason to|before|without)\b[^.;]{0,30}\b(suppress|remov|drop)/i;
/** A condition that makes suppression a later step, not the reading of this reply. */
const ESCALATION =
  /\b(if|when|after|until|unless|only|once|then|repeated(ly)?|keeps?|consecutive|several|stays?|still|persists?|weeks?|days?)\b/i;
const NAMES_PERMANENT = /\b5\.\d{1,3}\.\d{1,3}\b|\b5\d\d\b|\bpermanent\b/i;
/** A sentence that hands the action to what the text says: another reading of the code. */
const TEXT_CONDITION = /\b(the text|wording|the reply (says|names|speaks)|speaks of|mentions?)\b/i;
const KEEP_ACTION = /\bkeep the (recipient'?s? )?address\b|\btry again later\b|\bsend (it )?again later\b/i;

interface Statement {
  field: string;
  text: string;
}

/** Our own words on a page that speak to the sender: summary, notes, decision rows, sender fixes, meaning. */
function statements(page: CodePage): Statement[] {
  return [
    { field: 'summary', text: page.summary },
    ...(page.verdictNote ? [{ field: 'verdictNote', text: page.verdictNote }] : []),
    ...(page.decisions ?? []).map((d, i) => ({ field: `decisions.${i}.when`, text: d.when })),
    ...(page.fixes.sender ?? []).map((text, i) => ({ field: `fixes.sender.${i}`, text })),
    ...page.meaning.map((text, i) => ({ field: `meaning (paragraph ${i + 1})`, text })),
  ];
}

/**
 * Every way a code page can contradict itself about the address, the failure and retrying:
 *
 * - bounce type vs verdict: a single verdict "retry" on a hard bounce, "suppress" on a soft one;
 * - a 5xx page that says your server retries by itself (only a 4xx is queued again), unless the
 *   sentence names the temporary form;
 * - a 4xx page that says to suppress (as its verdict, or in a note or a fix step) without the
 *   condition that makes it a later step, unless the sentence names the permanent form;
 * - a single-verdict page whose note gives another reading by the text ("if the text speaks of
 *   maintenance, keep the address" under "Suppress"): that is a decision table.
 */
export function checkPageStatements(pages: CodePage[]): string[] {
  const problems: string[] = [];
  for (const page of pages) {
    const where = `${page.source}: code "${page.recordCode}"${page.recordCode !== page.code ? ` (page ${page.code})` : ''}`;
    const cls = page.code[0];
    const single = page.decisions ? undefined : page.verdict;
    const conflict = badgeConflict(page.bounceType, single);
    if (conflict)
      problems.push(
        `${where}: field "bounceType": "${page.bounceType}" contradicts the verdict "${single}": ${conflict}; a reply to send again later is a soft bounce (give bounceTypeNote), a dead address a hard one`,
      );
    if (cls === '4' && single === 'suppress')
      problems.push(
        `${where}: field "verdict": "suppress" on a temporary (4xx) code; the address is only gone once a permanent reply or repeated failures say so: give a decisions table or another verdict`,
      );
    for (const { field, text } of statements(page))
      for (const s of sentences(text)) {
        if (cls === '5' && AUTO_RETRY.test(s) && !NAMES_TEMPORARY.test(s))
          problems.push(
            `${where}: field "${field}": says the sending server retries by itself, but ${page.code} is a permanent (5xx) reply that nothing retries; say to send again later, or name the temporary form, in: "${s}"`,
          );
        if (
          cls === '4' &&
          field !== 'summary' &&
          !field.startsWith('meaning') &&
          !field.startsWith('decisions') &&
          SUPPRESS_ACTION.test(s) &&
          !NEGATED_SUPPRESS.test(s) &&
          !ESCALATION.test(s) &&
          !NAMES_PERMANENT.test(s)
        )
          problems.push(
            `${where}: field "${field}": says to suppress on a temporary (4xx) code without the condition (after repeated failures, once the final bounce comes), in: "${s}"`,
          );
        if (single && field === 'verdictNote' && TEXT_CONDITION.test(s)) {
          const effect = addressEffect(single);
          const other =
            effect === 'remove' && KEEP_ACTION.test(s)
              ? 'keep the address'
              : effect === 'keep' && SUPPRESS_ACTION.test(s) && !NEGATED_SUPPRESS.test(s)
                ? 'suppress the address'
                : undefined;
          if (other)
            problems.push(
              `${where}: field "verdictNote": under the single verdict "${single}" the note says to ${other} when the text reads another way; that is a second reading: give a decisions table, in: "${s}"`,
            );
        }
      }
  }
  return problems;
}

/** "Suppress hard bounces", "keep suppressions for hard bounces": the bounce type taken for the action. */
const HARD_MEANS_SUPPRESS =
  /\b(suppress\w*|remov\w*|drop\w*)\b[^.;:]*?\b(for |on )?(all |every )?hard bounces\b|\bhard bounces\b[^.;:]*?\b(are|get|should be|must be) (suppressed|removed|dropped)\b/i;
/** "Mail servers do this for you" (retry a soft bounce): true of a 4xx reply only. */
const SERVER_RETRIES_SOFT = /\b(mail )?servers? (do|does) (this|it) for you\b|\bsoft bounces? (is|are) retried\b/i;

/**
 * What a guide (MDX) says about codes, against the code pages: a table row or list item that names
 * codes with <CodeLink code="…" /> and says "Hard bounce"/"Soft bounce", "Remove the address",
 * "Keep the address", "Suppress at once" or "Do not suppress" must agree with each code's page.
 */
export function checkGuideStatements(file: string, mdx: string, pages: CodePage[]): string[] {
  const problems: string[] = [];
  const byCode = new Map(pages.map((p) => [p.code, p]));
  const lines = mdx.split('\n');
  // A list item runs on over its indented continuation lines.
  const items: { line: number; text: string }[] = [];
  lines.forEach((l, i) => {
    if (/^\s{2,}\S/.test(l) && items.length && !l.trimStart().startsWith('|'))
      items[items.length - 1].text += ` ${l.trim()}`;
    else items.push({ line: i + 1, text: l });
  });
  const hardKeeps = pages.filter((p) => p.bounceType === 'hard' && !p.decisions && addressEffect(p.verdict) === 'keep');
  const soft5xx = pages.filter((p) => p.bounceType === 'soft' && p.code.startsWith('5'));
  for (const { line, text } of items) {
    // The bounce type alone never decides the address, and a 5xx soft bounce is not queued again.
    for (const s of sentences(text.replace(/<[^>]+>/g, '').replace(/\*\*/g, ''))) {
      if (HARD_MEANS_SUPPRESS.test(s) && hardKeeps.length)
        problems.push(
          `${file}: line ${line}: ties suppression to the bounce type alone ("${s}"), but hard bounces such as ${hardKeeps[0].code} keep the address; name the codes or the dead address instead`,
        );
      if (SERVER_RETRIES_SOFT.test(s) && !NAMES_TEMPORARY.test(s) && soft5xx.length)
        problems.push(
          `${file}: line ${line}: says the mail server retries soft bounces ("${s}"), but soft bounces such as ${soft5xx[0].code} are permanent (5xx) replies nothing retries; say it of a temporary (4xx) reply`,
        );
    }
    const codes = [...text.matchAll(/<CodeLink code="([^"]+)"/g)].map((m) => m[1]);
    if (codes.length === 0) continue;
    const cells = text.startsWith('|') ? text.split('|').map((c) => c.trim()) : [];
    const label = cells[1] ?? text;
    const action = cells.length ? cells.slice(2).join(' | ') : text;
    for (const code of codes) {
      const page = byCode.get(code);
      if (!page) {
        problems.push(`${file}: line ${line}: "${code}" is not a documented code`);
        continue;
      }
      const verdicts = new Set(page.decisions ? page.decisions.map((d) => d.verdict) : [page.verdict]);
      const say = (what: string, page_: string) =>
        problems.push(`${file}: line ${line}: says ${what} of ${code}, but its page (${page.source}) says ${page_}`);
      if (/^\W*Hard bounce\b/i.test(label) && page.bounceType !== 'hard') say('"Hard bounce"', `"${page.bounceType}"`);
      if (/^\W*Soft bounce\b/i.test(label) && page.bounceType !== 'soft') say('"Soft bounce"', `"${page.bounceType}"`);
      if (/\bRemove the address\b|\bSuppress at once\b/i.test(action) && !verdicts.has('suppress'))
        say('to remove the address', `"${[...verdicts].join('", "')}"`);
      if (/\bKeep the address\b|\bDo not suppress\b/i.test(action) && !page.decisions && page.verdict === 'suppress')
        say('to keep the address', '"suppress"');
    }
  }
  return problems;
}

/** A provider text whose rule label names a reason our verdict for that reason does not give. */
export interface RuleTextDisagreement {
  reason: string;
  /** The label as the text prints it ("LPN007_510"). */
  label: string;
  variantId: string;
  verdict: Verdict;
}

/**
 * Provider texts on a page whose rule label (data/reason-labels.yaml) names a reason whose verdict
 * differs from the text's own: the rule table and the text's row would give two answers for one
 * reply, so the rule table must say which one holds (the text's, which names its cause more
 * precisely). A temporary (4xx) reply is left out: the table already says it is retried whatever
 * its rule.
 */
export function ruleTextDisagreements(
  table: { pattern: string; codes: Record<string, string> },
  variants: readonly { id: string; reply?: string; enhanced?: string; text: string; verdict: Verdict }[],
  verdictOf: (reason: string) => Verdict | undefined,
): RuleTextDisagreement[] {
  const re = new RegExp(table.pattern, 'i');
  const ranges = Object.entries(table.codes)
    .filter(([k]) => k.includes('-'))
    .map(([k, reason]) => {
      const [lo, hi] = k.split('-').map(Number);
      return [lo, hi, reason] as const;
    });
  const out: RuleTextDisagreement[] = [];
  for (const v of variants) {
    if ((v.reply ?? v.enhanced)?.[0] === '4') continue;
    const m = re.exec(v.text);
    if (!m) continue;
    const code = m[1].toUpperCase();
    const reason = table.codes[code] ?? ranges.find(([lo, hi]) => +code >= lo && +code <= hi)?.[2];
    const verdict = reason ? verdictOf(reason) : undefined;
    if (reason && verdict && verdict !== v.verdict)
      out.push({ reason, label: m[0], variantId: v.id, verdict: v.verdict });
  }
  return out;
}
