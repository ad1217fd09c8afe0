// Hono middleware: resolves the config once and authorises the request's key (header, or the dashboard's cookie) for a scope.
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ACCESS_JWT_HEADER, SESSION_COOKIE } from "./conventions";
import { parseConfig, type Config } from "./config";
import { httpError, unavailable } from "./http-error";
import { accessSigningKeys } from "./access-certs.client";
import { verifyAccessJwt } from "./access-jwt";
import { authorise, readCredentials, type KeyScope } from "./ingest-key";

export type CollectorEnv = { Bindings: Env; Variables: { project: string; config: Config } };

/** The project a Cloudflare Access user reads, once their token checks out; a bad token is a 401 saying why. */
async function projectOfAccessJwt(access: NonNullable<Config["access"]>, token: string): Promise<string> {
  const nowMs = Date.now();
  const keys = await accessSigningKeys(access.teamUrl, nowMs).catch((error: unknown) => {
    throw unavailable("Cloudflare Access signing keys unavailable; retry", error);
  });
  const identity = await verifyAccessJwt(token, { keys, audience: access.audience, issuer: access.teamUrl, nowMs });
  if ("invalid" in identity) throw httpError(401, "unauthorized", `Cloudflare Access token refused: ${identity.invalid}`);
  return access.project;
}

export function requireKey(scope: KeyScope) {
  return createMiddleware<CollectorEnv>(async (c, next) => {
    const config = parseConfig(c.env as unknown as Record<string, unknown>);
    c.set("config", config);
    // The dashboard signs in once and sends its read key as a cookie; every other client sends a header.
    const cookieKey = scope === "read" ? getCookie(c, SESSION_COOKIE) : undefined;
    const credentials = readCredentials(c.req.header("authorization")) ?? (cookieKey ? { secret: cookieKey, publicKey: null } : null);
    // Behind Cloudflare Access, the edge adds a signed JWT to every request of a signed-in user: read scope only.
    const accessJwt = c.req.header(ACCESS_JWT_HEADER);
    if (!credentials && scope === "read" && config.access && accessJwt) {
      c.set("project", await projectOfAccessJwt(config.access, accessJwt));
      return next();
    }
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
