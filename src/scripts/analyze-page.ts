// Browser side of /analyze/: analyse the textarea as the reader types or pastes, render every
// finding with DOM text nodes only (pasted text is never parsed as HTML). The text stays out of
// the address bar and the history; only "Make a share link" puts it in the URL fragment. What the
// analyzer knows comes from one cacheable JSON file, fetched on first use; no request carries the text.
import {
  analyzeEmail,
  prepareKnowledge,
  type AnalyzerKnowledge,
  type Finding,
  type PreparedKnowledge,
} from '../lib/analyzer';
import { VERDICTS } from '../lib/verdicts';
import { codeUrl, withBase } from '../lib/urls';
import { decodeShare, encodeShare } from '../lib/share';
import { analysisSummary, failuresFirst } from '../lib/analysis-summary';
import { el } from './dom';

const base = import.meta.env.BASE_URL;
const input = document.getElementById('bounce') as HTMLTextAreaElement;
const list = document.getElementById('findings') as HTMLOListElement;
const status = document.getElementById('analysis-status') as HTMLElement;
const shareStatus = document.getElementById('share-status') as HTMLElement;
const shareBox = document.getElementById('share-box') as HTMLElement;
const shareUrl = document.getElementById('share-url') as HTMLInputElement;
const heading = document.getElementById('results-title') as HTMLElement;
const factsBox = document.getElementById('facts-box') as HTMLElement;
const factsList = document.getElementById('facts') as HTMLElement;
const markedBox = document.getElementById('marked-box') as HTMLElement;
const marked = document.getElementById('marked') as HTMLElement;
const exampleNote = document.getElementById('example-note') as HTMLElement;

// Facts and the marked text come in their own chunk, fetched with the knowledge, not before.
let factsModule: Promise<typeof import('./analyze-facts')> | undefined;
const loadFacts = () => (factsModule ??= import('./analyze-facts'));

let knowledge: PreparedKnowledge | undefined;
let loading: Promise<PreparedKnowledge | undefined> | undefined;
/** Fetched once, when the reader first focuses the box or arrives with a share link. */
function loadKnowledge(): Promise<PreparedKnowledge | undefined> {
  void loadFacts().catch(() => (factsModule = undefined));
  loading ??= fetch(withBase('data/analyzer-knowledge.json', base))
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json() as Promise<AnalyzerKnowledge>;
    })
    .then((k) => (knowledge = prepareKnowledge(k)))
    .catch(() => {
      loading = undefined; // let the next keystroke try again
      return undefined;
    });
  return loading;
}

function codeLink(code: string, k: PreparedKnowledge): Node {
  return k.codes[code]
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

function render(f: Finding, k: PreparedKnowledge): HTMLLIElement {
  const li = el('li', undefined, { class: `finding ${f.verdict}` });
  li.dataset.verdict = f.verdict;
  if (f.replyCode) li.dataset.replyCode = f.replyCode;
  if (f.enhancedCode) li.dataset.enhancedCode = f.enhancedCode;
  if (f.variant) li.dataset.provider = f.variant.provider;
  const head = el('h3');
  const codes = [f.replyCode, f.enhancedCode].filter((c): c is string => !!c);
  codes.forEach((c, i) => head.append(i ? ' ' : '', codeLink(c, k)));
  if (f.inferred) head.append(' ', el('span', '(inferred from the words)', { class: 'muted' }));
  head.append(`: ${VERDICTS[f.verdict].label}`);
  li.append(head);
  if (f.recipient) li.append(el('p', `Recipient: ${f.recipient}`));
  const title = f.enhancedCode ? k.codes[f.enhancedCode]?.title : f.replyCode ? k.codes[f.replyCode]?.title : undefined;
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
  // or a returned message); the others get the verdict's advice.
  li.append(el('p', f.retry ? `${f.retry.schedule} ${f.retry.giveUp}` : VERDICTS[f.verdict].advice));
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

function clearResult(message: string): void {
  list.replaceChildren();
  factsList.replaceChildren();
  marked.replaceChildren();
  factsBox.hidden = true;
  markedBox.hidden = true;
  status.textContent = message;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;
async function run(how?: Reveal): Promise<void> {
  const mine = ++generation;
  const text = input.value;
  if (!text.trim()) {
    clearResult('Paste a bounce to analyse it.');
    return;
  }
  let k = knowledge;
  if (!k) {
    status.textContent = 'Loading what the analyzer knows…';
    k = await loadKnowledge();
  }
  if (mine !== generation) return; // the text changed while loading
  if (!k) {
    status.textContent = 'Could not load what the analyzer knows (are you offline?). Edit the text to try again.';
    return;
  }
  const ready = k;
  // Whole emails are MIME-decoded first (analyzeEmail loads the parser only for an email).
  const result = await analyzeEmail(text, ready);
  const { truncated, challenge } = result;
  const findings = failuresFirst(result.findings);
  const facts = await loadFacts().catch(() => undefined);
  if (mine !== generation) return; // the text changed while decoding
  list.replaceChildren(...findings.slice(0, 200).map((f) => render(f, ready)));
  const drawn = facts?.renderFacts(text, findings, factsList, marked);
  factsBox.hidden = !drawn?.facts;
  markedBox.hidden = !drawn?.marks;
  status.textContent = analysisSummary(findings, { shown: 200, truncated, challenge });
  reveal(how);
}

input.addEventListener('focus', () => void loadKnowledge(), { once: true });
input.addEventListener('input', (e) => {
  // A share link made earlier no longer matches the text: take it out of the address bar.
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  shareBox.hidden = true;
  shareStatus.textContent = '';
  clearTimeout(timer);
  exampleNote.hidden = true;
  // A paste is answered at once and its result brought into view; typing waits for a pause.
  if ((e as InputEvent).inputType === 'insertFromPaste') void run('scroll');
  else timer = setTimeout(() => void run(), 120);
});
document.getElementById('analyse')!.addEventListener('click', () => {
  clearTimeout(timer);
  if (!input.value.trim()) {
    status.textContent = 'Paste a bounce first, or try the example.';
    input.focus();
    return;
  }
  void run('focus');
});
document.getElementById('example')!.addEventListener('click', async () => {
  clearTimeout(timer);
  const mine = ++generation;
  status.textContent = 'Loading the example…';
  const text = await fetch(withBase('examples/gmail-5.7.26-unauthenticated.txt', base))
    .then((r) => (r.ok ? r.text() : undefined))
    .catch(() => undefined);
  if (mine !== generation) return;
  if (text === undefined) {
    status.textContent = 'Could not load the example (are you offline?).';
    return;
  }
  input.value = text;
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  shareBox.hidden = true;
  shareStatus.textContent = '';
  exampleNote.hidden = false;
  await run('focus');
});
document.getElementById('clear')!.addEventListener('click', () => {
  clearTimeout(timer);
  generation++;
  input.value = '';
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  shareBox.hidden = true;
  shareStatus.textContent = '';
  exampleNote.hidden = true;
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
  if (!input.value.trim()) {
    shareStatus.textContent = 'Paste a bounce first.';
    return;
  }
  const hash = encodeShare(input.value);
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
  input.value = shared;
  void run('scroll');
}
openShared();
window.addEventListener('hashchange', openShared);
