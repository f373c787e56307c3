// Runs before `npm test` and `npm start` (pretest, prestart) on whatever Node runs npm, so it is
// plain JavaScript for Node 20 and up. It installs the locked dependencies when node_modules is
// missing or no longer matches package-lock.json, so each README command works on a fresh clone.
// npm keeps a record of what it installed in node_modules/.package-lock.json; comparing that with
// the lock file is content-based, unlike file times after a checkout.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Why the installed tree differs from the lock, or '' when it matches. Exported for the tests. */
export function staleReason(lock, installed) {
  if (!installed) return 'node_modules is missing';
  const have = installed.packages ?? {};
  for (const [path, want] of Object.entries(lock.packages ?? {})) {
    if (!path) continue; // the project itself
    const got = have[path];
    // Optional packages (platform binaries) are legitimately absent on other platforms.
    if (!got) {
      if (want.optional || want.peer) continue;
      return `${path} is not installed`;
    }
    if (want.version && got.version !== want.version) return `${path} is ${got.version}, the lock says ${want.version}`;
  }
  for (const path of Object.keys(have)) if (!(path in (lock.packages ?? {}))) return `${path} is not in the lock`;
  return '';
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const reason = staleReason(readJson(`${root}package-lock.json`), readJson(`${root}node_modules/.package-lock.json`));
  if (reason) {
    // npm checks `engines` against the Node that runs npm, but every script runs on the project's
    // own Node 24 (the `node` devDependency): EBADENGINE warnings on an older system Node are
    // noise, so this install shows errors only.
    console.log(`Installing dependencies (${reason}): npm ci --include=optional`);
    const r = spawnSync('npm', ['ci', '--include=optional', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
