// Hono middleware: resolves the config once and authorises the request's key for a scope, setting c.var.project.
import { createMiddleware } from "hono/factory";
import { parseConfig, type Config } from "./config";
import { httpError } from "./http-error";
import { authorise, readCredentials, type KeyScope } from "./ingest-key";

export type CollectorEnv = { Bindings: Env; Variables: { project: string; config: Config } };

export function requireKey(scope: KeyScope) {
  return createMiddleware<CollectorEnv>(async (c, next) => {
    const config = parseConfig(c.env as unknown as Record<string, unknown>);
    c.set("config", config);
    const credentials = readCredentials(c.req.header("authorization"));
    if (!credentials) {
      throw httpError(401, "unauthorized", "missing credentials: send Authorization: Bearer <key> (or Basic publicKey:secretKey)", {
        headers: { "www-authenticate": 'Bearer realm="edgeslo", Basic realm="edgeslo"' },
      });
    }
    const grant = await authorise(config.keys, credentials, scope);
    if (!grant) throw httpError(401, "unauthorized", `key is not valid for ${scope}`);
    c.set("project", grant.project);
    await next();
  });
}
