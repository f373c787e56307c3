// Browser side of /analyze/: analyse the textarea as the reader types or pastes, render every
// finding with DOM text nodes only (pasted text is never parsed as HTML). The text stays out of
// the address bar and the history; only "Make a share link" puts it in the URL fragment. The
// analysis runs in a worker (analyze-worker.ts), which fetches what the analyzer knows from one
// cacheable JSON file on first use; no request carries the text.
import type { Finding } from '../lib/analyzer';
import type { AnalysisView } from '../lib/analysis-view';
import { findingAdvice, VERDICTS } from '../lib/verdicts';
import { codeUrl, withBase } from '../lib/urls';
import { decodeShare, encodeShare } from '../lib/share';
import { el } from './dom';
import { renderFacts } from './analyze-facts';
import type { WorkerAnswer, WorkerRequest } from './analyze-worker';

const base = import.meta.env.BASE_URL;
const input = document.getElementById('bounce') as HTMLTextAreaElement;
const list = document.getElementById('findings') as HTMLOListElement;
const status = document.getElementById('analysis-status') as HTMLElement;
const shareStatus = document.getElementById('share-status') as HTMLElement;
const shareBox = document.getElementById('share-box') as HTMLElement;
const shareUrl = document.getElementById('share-url') as HTMLInputElement;
const heading = document.getElementById('results-title') as HTMLElement;
const results = document.getElementById('results') as HTMLElement;
const factsBox = document.getElementById('facts-box') as HTMLElement;
const factsList = document.getElementById('facts') as HTMLElement;
const markedBox = document.getElementById('marked-box') as HTMLElement;
const marked = document.getElementById('marked') as HTMLElement;
const exampleNote = document.getElementById('example-note') as HTMLElement;
const longBox = document.getElementById('long-text') as HTMLElement;
const longSize = document.getElementById('long-size') as HTMLElement;

const knowledgeUrl = new URL(withBase('data/analyzer-knowledge.json', base), location.href).href;
const LOAD_FAILED = 'Could not load what the analyzer knows (are you offline?). Edit the text to try again.';

/**
 * The worker starts with the page (its script comes in the background, as the analyzer itself
 * did when it ran in the page); what it knows is fetched when the reader first focuses the box or
 * arrives with a share link, so a visit that never pastes does not download it.
 */
let worker: Worker | undefined;
/** The analysis the page waits for: its generation, and how to bring its result into view. */
let pending: { id: number; text: string; how: Reveal } | undefined;
let loaded = false;
function analyser(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./analyze-worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }: MessageEvent<WorkerAnswer>) => answered(data);
  // The worker's script did not load (a host that lost the file, offline): the next edit starts another.
  worker.onerror = () => {
    worker?.terminate();
    worker = undefined;
    loaded = false;
    if (pending) status.textContent = LOAD_FAILED;
    pending = undefined;
  };
  return worker;
}
analyser();
const loadKnowledge = () => analyser().postMessage({ kind: 'load', url: knowledgeUrl } satisfies WorkerRequest);

function codeLink(code: string, titles: AnalysisView['titles']): Node {
  return titles[code]
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

function render(f: Finding, titles: AnalysisView['titles']): HTMLLIElement {
  const li = el('li', undefined, { class: `finding ${f.verdict}` });
  li.dataset.verdict = f.verdict;
  if (f.replyCode) li.dataset.replyCode = f.replyCode;
  if (f.enhancedCode) li.dataset.enhancedCode = f.enhancedCode;
  if (f.variant) li.dataset.provider = f.variant.provider;
  const head = el('h3');
  const codes = [f.replyCode, f.enhancedCode].filter((c): c is string => !!c);
  codes.forEach((c, i) => head.append(i ? ' ' : '', codeLink(c, titles)));
  if (f.inferred) head.append(' ', el('span', '(inferred from the words)', { class: 'muted' }));
  head.append(`: ${VERDICTS[f.verdict].label}`);
  li.append(head);
  if (f.recipient) li.append(el('p', `Recipient: ${f.recipient}`));
  const title = f.enhancedCode ? titles[f.enhancedCode] : f.replyCode ? titles[f.replyCode] : undefined;
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
  // The reason in sisimai's vocabulary, and what it was read from (the marks' titles are not seen on
  // a phone): "Orange and La Poste rule 505: systemerror", "the mailbox does not exist".
  const from = [...new Set(f.evidence.map((e) => e.why))];
  const reason = el('p', 'Reason: ');
  reason.append(el('code', f.reason), from.length ? ` (read from: ${from.join('; ')})` : '');
  li.append(reason);
  // A retry finding carries who retries (output.ts retrySchedule: the queue, or the sender after a 5xx
  // or a returned message); the others get their reason's advice, else the verdict's.
  li.append(el('p', f.retry ? `${f.retry.schedule} ${f.retry.giveUp}` : findingAdvice(f)));
  for (const w of f.warnings) li.append(el('p', `Warning: ${w}`, { class: 'warning' }));
  li.append(evidenceText(f));
  return li;
}

/** After an asked-for analysis: bring the result into view (and focus its heading when asked). */
type Reveal = 'focus' | 'scroll' | undefined;
function reveal(how: Reveal): void {
  if (!how) return;
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
  // Already in the top half of the window (side by side with the box on a wide screen): stay put.
  const top = heading.getBoundingClientRect().top;
  if (how === 'focus') heading.focus({ preventScroll: true });
  if (top < 0 || top > innerHeight / 2)
    heading.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
}

/**
 * A paste this long is held here instead of in the box, until the reader asks to edit it: Chromium
 * takes 0.14-0.2 s to lay out 1 MB in a text box, and the result waits behind it (no one reads a log
 * that long in the box; its first 200,000 characters are shown marked below the result).
 */
const LONG_TEXT = 100_000;
let long: string | undefined;
const currentText = () => long ?? input.value;

function holdLong(text: string): void {
  long = text;
  input.value = '';
  input.hidden = true;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  longSize.textContent = `${text.length.toLocaleString('en-US')} characters, ${lines.toLocaleString('en-US')} lines`;
  longBox.hidden = false;
  longBox.focus(); // the box that had the focus is gone
}

/** Back to the box; the text that was held, if any. */
function releaseLong(): string | undefined {
  const text = long;
  long = undefined;
  longBox.hidden = true;
  input.hidden = false;
  return text;
}

/** The text is not the one a share link or the example stood for any more. */
function textChanged(): void {
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  shareBox.hidden = true;
  shareStatus.textContent = '';
  exampleNote.hidden = true;
}

function clearResult(message: string): void {
  results.removeAttribute('aria-busy');
  list.replaceChildren();
  factsList.replaceChildren();
  marked.replaceChildren();
  factsBox.hidden = true;
  markedBox.hidden = true;
  status.textContent = message;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;
function run(how?: Reveal): void {
  const id = ++generation;
  const text = currentText();
  if (!text.trim()) {
    pending = undefined;
    clearResult('Paste a bounce to analyse it.');
    return;
  }
  pending = { id, text, how };
  analyser().postMessage({ kind: 'analyse', id, url: knowledgeUrl, text } satisfies WorkerRequest);
  if (!loaded) status.textContent = 'Loading what the analyzer knows…';
}

function show(text: string, view: AnalysisView, how: Reveal): void {
  list.replaceChildren(...view.findings.map((f) => render(f, view.titles)));
  // Shown before they are filled, so where the first mark lies can be measured (hidden, it has no place).
  factsBox.hidden = !view.facts.length;
  markedBox.hidden = !view.pieces.some((p) => p.mark);
  renderFacts(text, view, factsList, marked);
  status.textContent = view.summary;
  reveal(how);
}

/** The worker's answer: shown only if it is for the text in the box now. */
function answered(a: WorkerAnswer): void {
  loaded = a.kind === 'loaded' || a.kind === 'result' || a.kind === 'partial';
  if (a.kind === 'loaded') return;
  if (!pending || ('id' in a && a.id !== undefined && a.id !== pending.id)) return; // the text changed since
  const { text, how } = pending;
  if (a.kind === 'partial') {
    // A long log's first records: shown now, replaced by the whole when it comes. Busy, so a screen
    // reader announces the whole result rather than this one.
    pending.how = undefined; // brought into view once
    results.setAttribute('aria-busy', 'true');
    show(text, a.view, how);
    status.textContent = `Reading the rest… So far, in the first ${a.read.toLocaleString('en-US')} of ${text.length.toLocaleString('en-US')} characters: ${a.view.summary}`;
    return;
  }
  pending = undefined;
  results.removeAttribute('aria-busy');
  if (a.kind === 'load-failed') {
    status.textContent = LOAD_FAILED;
    return;
  }
  if (a.kind === 'failed') {
    clearResult(`The analyzer failed on this text (${a.message}). Please report it with the text.`);
    return;
  }
  show(text, a.view, how);
}

input.addEventListener('focus', loadKnowledge, { once: true });
input.addEventListener('paste', (e) => {
  const pasted = e.clipboardData?.getData('text/plain');
  if (!pasted) return;
  // What the box would hold after the paste, its line breaks as a text box keeps them.
  const { value, selectionStart: from, selectionEnd: to } = input;
  const text = (value.slice(0, from) + pasted + value.slice(to)).replace(/\r\n?/g, '\n');
  if (text.length < LONG_TEXT) return; // the box takes it as usual
  e.preventDefault();
  clearTimeout(timer);
  textChanged();
  holdLong(text);
  run('scroll');
});
document.getElementById('long-edit')!.addEventListener('click', () => {
  // The same text, so the result stands; the reader pays the layout once, having asked for it.
  input.value = releaseLong() ?? '';
  input.focus();
});
input.addEventListener('input', (e) => {
  // A share link made earlier no longer matches the text: take it out of the address bar.
  textChanged();
  clearTimeout(timer);
  // A paste is answered at once and its result brought into view; typing waits for a pause.
  if ((e as InputEvent).inputType === 'insertFromPaste') run('scroll');
  else timer = setTimeout(() => run(), 120);
});
document.getElementById('analyse')!.addEventListener('click', () => {
  clearTimeout(timer);
  if (!currentText().trim()) {
    status.textContent = 'Paste a bounce first, or try the example.';
    input.focus();
    return;
  }
  run('focus');
});
document.getElementById('example')!.addEventListener('click', async () => {
  clearTimeout(timer);
  const mine = ++generation;
  pending = undefined;
  status.textContent = 'Loading the example…';
  const text = await fetch(withBase('examples/gmail-5.7.26-unauthenticated.txt', base))
    .then((r) => (r.ok ? r.text() : undefined))
    .catch(() => undefined);
  if (mine !== generation) return;
  if (text === undefined) {
    status.textContent = 'Could not load the example (are you offline?).';
    return;
  }
  releaseLong();
  input.value = text;
  textChanged();
  exampleNote.hidden = false;
  run('focus');
});
document.getElementById('clear')!.addEventListener('click', () => {
  clearTimeout(timer);
  generation++;
  pending = undefined;
  releaseLong();
  input.value = '';
  textChanged();
  clearResult('Cleared. Paste a bounce to analyse it.');
  input.focus();
});
// A fact's "line 12" link: show its mark in the text (focus moves there, so it is read out).
factsList.addEventListener('click', (e) => {
  const a = (e.target as Element).closest<HTMLAnchorElement>('a.to-mark');
  const mark = a && document.getElementById(a.hash.slice(1));
  if (!mark) return;
  e.preventDefault(); // the address keeps its fragment for share links only
  mark.tabIndex = -1;
  mark.focus({ preventScroll: true });
  mark.scrollIntoView({
    behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    block: 'center',
  });
});
document.getElementById('share')!.addEventListener('click', async () => {
  if (!currentText().trim()) {
    shareStatus.textContent = 'Paste a bounce first.';
    return;
  }
  const hash = encodeShare(currentText());
  if (!hash) {
    shareStatus.textContent = 'Too long for a link (over 8,000 characters).';
    return;
  }
  // Asked for: now the text goes into the fragment, and the address bar shows the link.
  const url = location.href.split('#')[0] + hash;
  history.replaceState(null, '', hash);
  shareUrl.value = url;
  shareBox.hidden = false;
  try {
    await navigator.clipboard.writeText(url);
    shareStatus.textContent = 'Link copied. It holds the text: share it only with people who may read it.';
  } catch {
    shareUrl.select();
    shareStatus.textContent = 'Copy the link below. It holds the text: share it only with people who may read it.';
  }
});
/** A share link's text (the fragment) into the box and analysed: on load, and when another link is opened in this tab. */
function openShared(): void {
  const shared = decodeShare(location.hash);
  if (!shared) return;
  releaseLong();
  input.value = shared;
  run('scroll');
}
openShared();
window.addEventListener('hashchange', openShared);
