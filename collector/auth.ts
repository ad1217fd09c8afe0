// Hono middleware: resolves the config once and authorises the request's key (header, or the dashboard's cookie) for a scope.
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { SESSION_COOKIE } from "./conventions";
import { parseConfig, type Config } from "./config";
import { httpError } from "./http-error";
import { authorise, readCredentials, type KeyScope } from "./ingest-key";

export type CollectorEnv = { Bindings: Env; Variables: { project: string; config: Config } };

export function requireKey(scope: KeyScope) {
  return createMiddleware<CollectorEnv>(async (c, next) => {
    const config = parseConfig(c.env as unknown as Record<string, unknown>);
    c.set("config", config);
    // The dashboard signs in once and sends its read key as a cookie; every other client sends a header.
    const cookieKey = scope === "read" ? getCookie(c, SESSION_COOKIE) : undefined;
    const credentials = readCredentials(c.req.header("authorization")) ?? (cookieKey ? { secret: cookieKey, publicKey: null } : null);
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
