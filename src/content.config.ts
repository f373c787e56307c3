// Collections: loaders → schemas, nothing else.
// `codes`: one entry per documented code, id = the code itself ("550", "5.1.1"), read by
// every page that lists or shows codes. loadDataset validates with src/schemas/code.ts and
// throws on any problem, so bad data stops the build (see README "Data model").
import { defineCollection } from 'astro:content';
import { loadDataset } from './lib/dataset';

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

export const collections = { codes };
