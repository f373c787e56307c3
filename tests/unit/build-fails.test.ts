import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// The real build, not just the loader: Astro must stop on bad data rather than log and go on.
it('astro build fails on bad data and names file, record and field', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'bad-build-'));
  const r = spawnSync('npx', ['astro', 'build', '--outDir', outDir], {
    env: { ...process.env, DATA_DIR: 'tests/fixtures/data/bad-related' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status).not.toBe(0);
  expect(r.stdout + r.stderr).toContain(
    'tests/fixtures/data/bad-related/codes.yaml: code "550": field "related": "5.9.9" is not a documented code',
  );
}, 130_000);

// The verdict cross-check runs in the content loader too: a provider text that contradicts a page's
// verdicts stops the build.
it('astro build fails when a provider text contradicts its code page verdicts', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'bad-build-'));
  const r = spawnSync('npx', ['astro', 'build', '--outDir', outDir], {
    env: {
      ...process.env,
      DATA_DIR: 'tests/fixtures/data/good',
      PROVIDERS_DIR: 'tests/fixtures/data/bad-verdict-providers',
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status).not.toBe(0);
  expect(r.stdout + r.stderr).toContain(
    'tests/fixtures/data/good/codes.yaml: code "550": field "decisions": examplemail text "examplemail-550-busy" says "retry", which no row of the decision table gives',
  );
}, 130_000);
