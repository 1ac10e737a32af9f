/**
 * Environment read and validated once, at cold start: a missing variable fails the init, not a
 * request halfway through.
 */
import * as z from 'zod';

export function readConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const missing = result.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`invalid function configuration: ${missing}`);
  }
  return result.data;
}
