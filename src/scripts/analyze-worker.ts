// The /analyze/ page's analysis, run in a worker: a big paste is analysed while the page is still
// laying out the text box (for 1 MB that alone takes Chromium a quarter of a second), and typing
// never waits for the analyzer. The page sends the text; the worker answers with plain data to
// show (analysis-view.ts). Nothing here touches the network but the knowledge file.
import { analyzeEmail, prepareKnowledge, type AnalyzerKnowledge, type PreparedKnowledge } from '../lib/analyzer';
import { analysisView, type AnalysisView } from '../lib/analysis-view';
import { warmUpTexts } from './warm-up';

export type WorkerRequest = { kind: 'load'; url: string } | { kind: 'analyse'; id: number; url: string; text: string };
export type WorkerAnswer =
  | { kind: 'loaded' }
  | { kind: 'load-failed'; id?: number }
  | { kind: 'result'; id: number; view: AnalysisView }
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
    const analysis = await analyzeEmail(data.text, k);
    answer({ kind: 'result', id: data.id, view: analysisView(data.text, analysis, k) });
  } catch (e) {
    // A defect, not the reader's input: say so on the page rather than leave it waiting.
    answer({ kind: 'failed', id: data.id, message: e instanceof Error ? e.message : String(e) });
  }
};
