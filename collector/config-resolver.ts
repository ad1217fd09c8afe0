// Config helpers for every stage: settings validated from env once per isolate (the bad key named), JSON-valued settings.
import { z } from "zod";

/**
 * A settings reader: validates env with a zod schema once per env object (bindings are fixed for an isolate's life)
 * and builds the resolved settings; a bad value throws with its key named. Shared by the collector, slo/ and alerts/.
 */
export function configResolver<S extends z.ZodType, T>(
  schema: S,
  build: (values: z.output<S>) => T,
  fail: (message: string) => Error,
): (env: Record<string, unknown>) => T {
  const cache = new WeakMap<object, T>();
  return (env) => {
    const cached = cache.get(env);
    if (cached) return cached;
    const parsed = schema.safeParse(env);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw fail(`invalid configuration ${issue.path.join(".")}: ${issue.message}`);
    }
    const config = build(parsed.data);
    cache.set(env, config);
    return config;
  };
}

/** A setting that holds JSON (a secret such as EDGESLO_KEYS): parsed, then validated with the schema. */
export const jsonString = <T extends z.ZodTypeAny>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `not valid JSON (${(error as Error).message})` });
      return z.NEVER;
    }
  }).pipe(schema);
