// Builds the side-by-side site for bench/site.mjs --starlight: Starlight (Astro's docs framework,
// with its default Pagefind search dialog) over the same content as our site, one page per code and
// per provider, made from our own /data/codes.json. Needs our build (npm run build) and the npm
// registry. Not part of npm test.
//
//   node bench/starlight.mjs [--dir /tmp/bench-starlight]   then
//   node bench/site.mjs --starlight /tmp/bench-starlight/dist
//
// The folder is kept (installing takes a minute); run again to rebuild it from a newer dataset.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const at = args.indexOf('--dir');
const dir = at >= 0 ? args[at + 1] : '/tmp/bench-starlight';
const dataFile = join(root, 'dist/data/codes.json');
if (!existsSync(dataFile)) {
  console.error(`bench/starlight.mjs: ${dataFile} is missing; run npm run build first`);
  process.exit(1);
}
const { codes, providers } = JSON.parse(readFileSync(dataFile, 'utf8'));
const ours = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: dir, stdio: 'inherit', env: process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${r.status})`);
}

// Markdown needs its own characters escaped; YAML front matter takes JSON strings.
const md = (s) => String(s).replace(/([\\`*_[\]<>#|])/g, '\\$1');
const list = (items = []) => items.map((x) => `- ${md(x)}`).join('\n');
const page = (title, description, body) =>
  `---\ntitle: ${JSON.stringify(title)}\ndescription: ${JSON.stringify(description ?? '')}\n---\n\n${body}\n`;

function codePage(c) {
  const texts = (c.providerVariants ?? []).map(
    (v) => `- ${md(v.providerName ?? v.provider ?? '')}: \`${String(v.text).replace(/`/g, "'")}\``,
  );
  const fixes = Object.entries(c.fixes ?? {})
    .map(([who, xs]) => `### ${who}\n\n${list(xs)}`)
    .join('\n\n');
  return page(
    `${c.code} ${c.title}`,
    c.summary,
    [
      md(c.summary ?? ''),
      '## Meaning',
      (c.meaning ?? []).map(md).join('\n\n'),
      '## Causes',
      list(c.causes),
      '## What to do',
      fixes,
      texts.length ? '## What providers send' : '',
      texts.join('\n'),
      c.keywords?.length ? `Also known as: ${c.keywords.map(md).join(', ')}` : '',
    ].join('\n\n'),
  );
}

function providerPage(p) {
  const byId = new Map(codes.flatMap((c) => (c.providerVariants ?? []).map((v) => [v.id, { ...v, code: c.code }])));
  const texts = p.variants.map((id) => byId.get(id)).filter(Boolean);
  return page(
    `${p.name}: bounce messages`,
    p.about,
    [
      md(p.about ?? ''),
      '## Texts',
      texts.map((v) => `- ${v.code}: \`${String(v.text).replace(/`/g, "'")}\``).join('\n'),
    ].join('\n\n'),
  );
}

mkdirSync(join(dir, 'src/content/docs/codes'), { recursive: true });
mkdirSync(join(dir, 'src/content/docs/providers'), { recursive: true });
writeFileSync(
  join(dir, 'package.json'),
  JSON.stringify(
    {
      name: 'bench-starlight',
      private: true,
      type: 'module',
      scripts: { build: 'astro build' },
      dependencies: {
        astro: ours.devDependencies.astro,
        '@astrojs/starlight': '^0.42.4',
        node: ours.devDependencies.node,
      },
    },
    null,
    2,
  ),
);
writeFileSync(
  join(dir, 'astro.config.mjs'),
  `import { defineConfig } from 'astro/config';\nimport starlight from '@astrojs/starlight';\nexport default defineConfig({ integrations: [starlight({ title: 'Bounce codes (Starlight)' })] });\n`,
);
writeFileSync(
  join(dir, 'src/content.config.ts'),
  `import { defineCollection } from 'astro:content';\nimport { docsLoader } from '@astrojs/starlight/loaders';\nimport { docsSchema } from '@astrojs/starlight/schema';\nexport const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };\n`,
);
rmSync(join(dir, 'src/content/docs/codes'), { recursive: true, force: true });
rmSync(join(dir, 'src/content/docs/providers'), { recursive: true, force: true });
mkdirSync(join(dir, 'src/content/docs/codes'), { recursive: true });
mkdirSync(join(dir, 'src/content/docs/providers'), { recursive: true });
writeFileSync(join(dir, 'src/content/docs/index.md'), page('Bounce codes', 'Every SMTP code', 'Pick a code.'));
// Starlight drops dots from slugs (5.5.0 would collide with 550): dashes keep every code apart.
for (const c of codes)
  writeFileSync(join(dir, `src/content/docs/codes/${c.code.replaceAll('.', '-')}.md`), codePage(c));
for (const p of providers) writeFileSync(join(dir, `src/content/docs/providers/${p.id}.md`), providerPage(p));
console.error(`bench/starlight.mjs: ${codes.length + providers.length + 1} pages written to ${dir}`);
if (!existsSync(join(dir, 'node_modules/@astrojs/starlight'))) run('npm', ['install', '--no-audit', '--no-fund']);
run('npm', ['run', 'build']);
console.error(`bench/starlight.mjs: built ${join(dir, 'dist')}`);
