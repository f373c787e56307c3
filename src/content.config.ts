// Collections: loaders → schemas, nothing else.
// `codes`: one entry per code page, id = the page's code ("550", "5.1.1"), read by
// every page that lists or shows codes. loadDataset validates with the schemas in src/schemas/ and
// throws on any problem, so bad data stops the build (see README "Data model").
import { defineCollection } from 'astro:content';
import { loadDataset } from './lib/dataset';
import { loadProviders } from './lib/providers';

const codes = defineCollection({
  loader: {
    name: 'codes-yaml',
    load: async ({ store, parseData, watcher }) => {
      const dataDir = process.env.DATA_DIR || 'data/codes';
      watcher?.add(dataDir);
      store.clear();
      for (const record of loadDataset(dataDir)) {
        const data = await parseData({ id: record.code, data: { ...record } });
        store.set({ id: record.code, data });
      }
    },
  },
});

// `providers`: one entry per provider file in data/providers, id = its slug ("gmail"); read by
// the provider pages and by code pages (the variants seen with each code).
const providers = defineCollection({
  loader: {
    name: 'providers-yaml',
    load: async ({ store, parseData, watcher }) => {
      const dir = process.env.PROVIDERS_DIR || 'data/providers';
      watcher?.add(dir);
      store.clear();
      for (const provider of loadProviders(dir)) {
        const data = await parseData({ id: provider.id, data: { ...provider } });
        store.set({ id: provider.id, data });
      }
    },
  },
});

export const collections = { codes, providers };
