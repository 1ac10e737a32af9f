/** A published message contract's JSON Schema document (draft 2020-12), with its id and title. */
import * as z from 'zod';

/** Example: `publishedJsonSchema(agencyEnvelopeV1, 'agency-envelope-v1', 'motcua agency envelope v1')`. */
export function publishedJsonSchema(schema: z.ZodType, name: string, title: string): Record<string, unknown> {
  return { ...z.toJSONSchema(schema, { target: 'draft-2020-12' }), $id: `https://motcua.gov.vn/schemas/${name}.json`, title };
}
