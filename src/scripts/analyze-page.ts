// Browser side of /analyze/: analyse the textarea as the reader types or pastes, render every
// finding with DOM text nodes only (pasted text is never parsed as HTML), keep the text in the
// URL fragment for sharing. No request ever carries the text.
import { analyze, prepareKnowledge, type AnalyzerKnowledge, type Finding } from '../lib/analyzer';
import { VERDICTS } from '../lib/verdicts';
import { codeUrl, withBase } from '../lib/urls';
import { decodeShare, encodeShare } from '../lib/share';
import { el } from './dom';

const base = import.meta.env.BASE_URL;
const knowledge = prepareKnowledge(
  JSON.parse(document.getElementById('analyzer-knowledge')!.textContent || '{}') as AnalyzerKnowledge,
);
const input = document.getElementById('bounce') as HTMLTextAreaElement;
const list = document.getElementById('findings') as HTMLOListElement;
const status = document.getElementById('analysis-status') as HTMLElement;
const shareStatus = document.getElementById('share-status') as HTMLElement;

function codeLink(code: string): Node {
  return knowledge.codes[code]
    ? el('a', code, { href: codeUrl(code, base), class: 'code' })
    : el('span', code, { class: 'code' });
}

/** The finding's text with its evidence marked: plain text nodes and <mark>, nothing else. */
function evidenceText(f: Finding): HTMLElement {
  const out = el('p', undefined, { class: 'evidence' });
  let at = 0;
  for (const e of f.evidence) {
    if (e.start < at) continue; // overlapping spans: the earlier one wins
    out.append(f.text.slice(at, e.start), el('mark', f.text.slice(e.start, e.end), { title: e.why }));
    at = e.end;
  }
  out.append(f.text.slice(at));
  return out;
}

function render(f: Finding): HTMLLIElement {
  const li = el('li', undefined, { class: `finding ${f.verdict}` });
  li.dataset.verdict = f.verdict;
  if (f.replyCode) li.dataset.replyCode = f.replyCode;
  if (f.enhancedCode) li.dataset.enhancedCode = f.enhancedCode;
  if (f.variant) li.dataset.provider = f.variant.provider;
  const head = el('h3');
  const codes = [f.replyCode, f.enhancedCode].filter((c): c is string => !!c);
  codes.forEach((c, i) => head.append(i ? ' ' : '', codeLink(c)));
  if (f.inferred) head.append(' ', el('span', '(inferred from the words)', { class: 'muted' }));
  head.append(`: ${VERDICTS[f.verdict].label}`);
  li.append(head);
  if (f.recipient) li.append(el('p', `Recipient: ${f.recipient}`));
  const title = f.enhancedCode
    ? knowledge.codes[f.enhancedCode]?.title
    : f.replyCode
      ? knowledge.codes[f.replyCode]?.title
      : undefined;
  if (title) li.append(el('p', title));
  if (f.variant) {
    const p = el('p', 'Provider text: ');
    const { home, id, provider } = f.variant;
    p.append(
      el('a', f.variant.providerName, {
        href: home ? `${codeUrl(home, base)}#${id}` : withBase(`providers/${provider}/#${id}`, base),
      }),
      `. ${f.variant.meaning}`,
    );
    li.append(p);
  }
  // Retry findings carry their own schedule; the others get the verdict's advice.
  li.append(el('p', f.retry ? `Temporary. ${f.retry.schedule} ${f.retry.giveUp}` : VERDICTS[f.verdict].advice));
  for (const w of f.warnings) li.append(el('p', `Warning: ${w}`, { class: 'warning' }));
  li.append(evidenceText(f));
  return li;
}

let timer: ReturnType<typeof setTimeout> | undefined;
function run(): void {
  const text = input.value;
  const hash = encodeShare(text);
  history.replaceState(null, '', hash && text ? hash : location.pathname + location.search);
  if (!text.trim()) {
    list.replaceChildren();
    status.textContent = 'Paste a bounce to analyse it.';
    return;
  }
  const { findings, truncated } = analyze(text, knowledge);
  list.replaceChildren(...findings.slice(0, 200).map(render));
  const n = findings.length;
  status.textContent =
    (n === 0
      ? 'No failure found: this does not look like a bounce, or it holds no code or known wording.'
      : `${n} ${n === 1 ? 'failure' : 'failures'} found${n > 200 ? ' (first 200 shown)' : ''}.`) +
    (truncated ? ' The text was cut to the first 4 MB.' : '') +
    (text && !hash ? ' Too long to carry in a share link.' : '');
}

input.addEventListener('input', (e) => {
  clearTimeout(timer);
  // A paste is answered at once; typing waits for a pause.
  if ((e as InputEvent).inputType === 'insertFromPaste') run();
  else timer = setTimeout(run, 120);
});
document.getElementById('share')!.addEventListener('click', async () => {
  const hash = encodeShare(input.value);
  if (!hash) {
    shareStatus.textContent = 'Too long for a link.';
    return;
  }
  const url = location.href.split('#')[0] + hash;
  try {
    await navigator.clipboard.writeText(url);
    shareStatus.textContent = 'Link copied.';
  } catch {
    shareStatus.textContent = url;
  }
});
input.value = decodeShare(location.hash);
run();
