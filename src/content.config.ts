// Collections: loaders → schemas, nothing else. Both loaders read YAML through src/lib, which
// validates with the Zod schemas in src/schemas/ and throws on any problem, so bad data stops
// the build (Astro's own file() loader would only log it; see README "Data model"). Each
// collection declares the schema of what it holds, so getCollection() returns typed data.
import { defineCollection } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { loadDataset } from './lib/dataset';
import { loadProvidersCheckedAgainst } from './lib/providers';
import { codePageSchema } from './schemas/code-page';
import { providerSchema } from './schemas/provider';

/** A loader over a checked YAML directory; the env variable points tests at fixture data. */
function checkedYaml<T extends object>(
  name: string,
  dir: string,
  read: (dir: string) => T[],
  id: (item: T) => string,
): Loader {
  return {
    name,
    load: async ({ store, parseData, watcher }) => {
      watcher?.add(dir);
      store.clear();
      for (const item of read(dir))
        store.set({
          id: id(item),
          data: await parseData({ id: id(item), data: { ...item } as Record<string, unknown> }),
        });
    },
  };
}

// `codes`: one entry per code page, id = the page's code ("550", "5.2.2"); read by every page
// that lists or shows codes.
const codes = defineCollection({
  loader: checkedYaml('codes-yaml', process.env.DATA_DIR || 'data/codes', loadDataset, (c) => c.code),
  schema: codePageSchema,
});

// `providers`: one entry per file in data/providers, id = its slug ("gmail"); read by the
// provider pages and by code pages (the texts seen with each code).
const providers = defineCollection({
  loader: checkedYaml(
    'providers-yaml',
    process.env.PROVIDERS_DIR || 'data/providers',
    // Checked against the code pages too: a headline verdict a provider text contradicts fails the build.
    (dir) => loadProvidersCheckedAgainst(dir, process.env.DATA_DIR || 'data/codes'),
    (p) => p.id,
  ),
  schema: providerSchema,
});

export const collections = { codes, providers };
