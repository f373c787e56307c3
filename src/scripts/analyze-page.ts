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
import { el } from './dom';

const base = import.meta.env.BASE_URL;
const input = document.getElementById('bounce') as HTMLTextAreaElement;
const list = document.getElementById('findings') as HTMLOListElement;
const status = document.getElementById('analysis-status') as HTMLElement;
const shareStatus = document.getElementById('share-status') as HTMLElement;
const shareBox = document.getElementById('share-box') as HTMLElement;
const shareUrl = document.getElementById('share-url') as HTMLInputElement;

let knowledge: PreparedKnowledge | undefined;
let loading: Promise<PreparedKnowledge | undefined> | undefined;
/** Fetched once, when the reader first focuses the box or arrives with a share link. */
function loadKnowledge(): Promise<PreparedKnowledge | undefined> {
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
  // Retry findings carry their own schedule; the others get the verdict's advice.
  li.append(el('p', f.retry ? `Temporary. ${f.retry.schedule} ${f.retry.giveUp}` : VERDICTS[f.verdict].advice));
  for (const w of f.warnings) li.append(el('p', `Warning: ${w}`, { class: 'warning' }));
  li.append(evidenceText(f));
  return li;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;
async function run(): Promise<void> {
  const mine = ++generation;
  const text = input.value;
  if (!text.trim()) {
    list.replaceChildren();
    status.textContent = 'Paste a bounce to analyse it.';
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
  const { findings, truncated } = await analyzeEmail(text, ready);
  if (mine !== generation) return; // the text changed while decoding
  list.replaceChildren(...findings.slice(0, 200).map((f) => render(f, ready)));
  const n = findings.length;
  status.textContent =
    (n === 0
      ? 'No failure found: this does not look like a bounce, or it holds no code or known wording.'
      : `${n} ${n === 1 ? 'failure' : 'failures'} found${n > 200 ? ' (first 200 shown)' : ''}.`) +
    (truncated ? ' The text was cut to the first 4 MB.' : '');
}

input.addEventListener('focus', () => void loadKnowledge(), { once: true });
input.addEventListener('input', (e) => {
  // A share link made earlier no longer matches the text: take it out of the address bar.
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  shareBox.hidden = true;
  shareStatus.textContent = '';
  clearTimeout(timer);
  // A paste is answered at once; typing waits for a pause.
  if ((e as InputEvent).inputType === 'insertFromPaste') void run();
  else timer = setTimeout(() => void run(), 120);
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
input.value = decodeShare(location.hash);
if (input.value) void run();
