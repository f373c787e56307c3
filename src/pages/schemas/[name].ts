// /schemas/code-file.schema.json and /schemas/provider.schema.json: the JSON Schemas of our YAML.
import type { APIRoute } from 'astro';
import { JSON_SCHEMAS, jsonSchema, type SchemaName } from '../../lib/json-schema';

export function getStaticPaths() {
  return Object.keys(JSON_SCHEMAS).map((name) => ({ params: { name } }));
}

export const GET: APIRoute = ({ params }) =>
  new Response(`${JSON.stringify(jsonSchema(params.name as SchemaName), null, 2)}\n`, {
    headers: { 'content-type': 'application/json' },
  });
