#!/usr/bin/env node
// Command-line bounce analyzer: `npm run analyze -- <file>` or `… | npm run -s analyze`.
// Prints the analysis as JSON (the same result the /analyze/ page shows). Runs on Node's
// own TypeScript support and reads the YAML dataset directly, so no build is needed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeAll, buildKnowledge, prepareKnowledge } from '../src/lib/analyzer.ts';
import { loadDataset } from '../src/lib/dataset.ts';
import { loadProviders } from '../src/lib/providers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(
    'usage: npm run -s analyze -- [file]   (reads standard input when no file is given)\n       --compact   one line of JSON',
  );
  process.exit(0);
}
const file = args.find((a) => !a.startsWith('--'));
const input = readFileSync(file ?? 0, 'utf8');
const knowledge = prepareKnowledge(
  buildKnowledge(loadDataset(`${root}data/codes`, root), loadProviders(`${root}data/providers`, root)),
);
const result = analyzeAll(input, knowledge);
process.stdout.write(`${JSON.stringify(result, null, args.includes('--compact') ? undefined : 2)}\n`);
