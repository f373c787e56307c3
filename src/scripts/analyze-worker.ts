// The /analyze/ page's analysis, run in a worker: the page stays free to draw while a big paste is
// read (1 MB of log takes ~0.1 s), and typing never waits for the analyzer. The page sends the
// text; the worker answers with plain data to show (analysis-view.ts). Nothing here touches the
// network but the knowledge file.
import { analyzeEmail, prepareKnowledge, type AnalyzerKnowledge, type PreparedKnowledge } from '../lib/analyzer';
import { analysisView, type AnalysisView } from '../lib/analysis-view';
import { leadingRecords, looksLikeLog } from '../lib/line-chunks';
import { warmUpTexts } from './warm-up';

export type WorkerRequest = { kind: 'load'; url: string } | { kind: 'analyse'; id: number; url: string; text: string };
export type WorkerAnswer =
  | { kind: 'loaded' }
  | { kind: 'load-failed'; id?: number }
  | { kind: 'result'; id: number; view: AnalysisView }
  /** A long log's first records, read while the rest is: `read` characters of the text. */
  | { kind: 'partial'; id: number; view: AnalysisView; read: number }
  | { kind: 'failed'; id: number; message: string };

let knowledge: Promise<PreparedKnowledge> | undefined;
function load(url: string): Promise<PreparedKnowledge> {
  knowledge ??= fetch(url)
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json() as Promise<AnalyzerKnowledge>;
    })
    .then(prepareKnowledge)
    .then((k) => {
      warmUp(k);
      return k;
    })
    .catch((e: unknown) => {
      knowledge = undefined; // the next request tries again
      throw e;
    });
  return knowledge;
}

/**
 * While nothing is asked, read the warm-up texts, one per task, so the engine has compiled the
 * analyzer before the first paste; a request that arrives stops it (it is not worth a wait).
 */
let asked = false;
function warmUp(k: PreparedKnowledge, texts = warmUpTexts()): void {
  const text = texts.shift();
  if (text === undefined || asked) return;
  setTimeout(async () => {
    if (asked) return;
    // A warm-up that fails leaves the engine cold, nothing more (the unit tests read these texts).
    await analyzeEmail(text, k).then(
      (a) => analysisView(text, a, k),
      () => undefined,
    );
    warmUp(k, texts);
  });
}

const answer = (a: WorkerAnswer) => postMessage(a);

/** A log longer than this is answered twice: its first PREVIEW characters at once, then the whole. */
const PREVIEW_FROM = 128 << 10;
const PREVIEW = 16 << 10;

/** The first records of a long log, analysed and sent on their own (a 1 MB log takes ~0.1 s to read). */
async function preview(id: number, text: string, k: PreparedKnowledge): Promise<void> {
  if (text.length <= PREVIEW_FROM || !looksLikeLog(text.slice(0, PREVIEW))) return;
  const lead = leadingRecords(text, PREVIEW);
  // The page marks the view's pieces in the text it holds: only a lead that is its start will do.
  if (lead === undefined || !text.startsWith(lead)) return;
  const view = analysisView(lead, await analyzeEmail(lead, k), k);
  if (view.findings.length) answer({ kind: 'partial', id, view, read: lead.length });
}

onmessage = async ({ data }: MessageEvent<WorkerRequest>) => {
  if (data.kind === 'load') {
    load(data.url).then(
      () => answer({ kind: 'loaded' }),
      () => answer({ kind: 'load-failed' }),
    );
    return;
  }
  asked = true;
  const k = await load(data.url).catch(() => undefined);
  if (!k) return answer({ kind: 'load-failed', id: data.id });
  try {
    await preview(data.id, data.text, k);
    const analysis = await analyzeEmail(data.text, k);
    answer({ kind: 'result', id: data.id, view: analysisView(data.text, analysis, k) });
  } catch (e) {
    // A defect, not the reader's input: say so on the page rather than leave it waiting.
    answer({ kind: 'failed', id: data.id, message: e instanceof Error ? e.message : String(e) });
  }
};
