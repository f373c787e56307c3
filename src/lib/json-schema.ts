/**
 * JSON Schemas of the YAML files and of the published JSON, generated from the Zod schemas so they cannot drift.
 * Editors use the committed copies in data/schemas/ (each YAML file names its schema in a
 * yaml-language-server comment); the site publishes the same at /schemas/.
 */
import { z } from 'astro/zod';
import { replyRecordSchema } from '../schemas/reply-record.ts';
import { enhancedRecordSchema } from '../schemas/enhanced-record.ts';
import { providerSchema } from '../schemas/provider.ts';
import { codeJsonSchema, dataDumpSchema } from '../schemas/code-json.ts';
import { espSchema } from '../schemas/esp.ts';
import { crosswalkJsonSchema } from '../schemas/crosswalk-json.ts';

const options = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;

export const JSON_SCHEMAS = {
  'code-file.schema.json': {
    title: 'Email Bounce Code Lookup: a data/codes/*.yaml file',
    description:
      'A list of code records: 3-digit reply codes ("550") and enhanced-code records ("X.2.2") with one entry per class.',
    schema: z.array(z.union([replyRecordSchema, enhancedRecordSchema])).min(1),
  },
  'provider.schema.json': {
    title: 'Email Bounce Code Lookup: a data/providers/*.yaml file',
    description: 'A mailbox provider or mail server, with the reply texts it sends.',
    schema: providerSchema,
  },
  'code.schema.json': {
    title: 'Email Bounce Code Lookup: /codes/<code>.json',
    description: 'One code page as data.',
    schema: codeJsonSchema,
  },
  'codes-dump.schema.json': {
    title: 'Email Bounce Code Lookup: /data/codes.json',
    description: 'Every code page and provider, with a format version and the build date.',
    schema: dataDumpSchema,
  },
  'esp.schema.json': {
    title: 'Email Bounce Code Lookup: a data/esps/*.yaml file',
    description: "A sending service's published bounce labels, what each means and our verdict for it.",
    schema: espSchema,
  },
  'crosswalk.schema.json': {
    title: 'Email Bounce Code Lookup: /data/crosswalk.json',
    description: 'How sending services and bounce tools label each code, and our verdict for each label.',
    schema: crosswalkJsonSchema,
  },
} as const;

export type SchemaName = keyof typeof JSON_SCHEMAS;

export function jsonSchema(name: SchemaName): Record<string, unknown> {
  const { title, description, schema } = JSON_SCHEMAS[name];
  return { title, description, ...z.toJSONSchema(schema, options) };
}
