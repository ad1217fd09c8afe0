// Dashboard sign-in: trades a read key for an HttpOnly session cookie, and signs out.
import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { CollectorEnv } from "./auth";
import { parseConfig } from "./config";
import { ROUTES, SESSION_COOKIE } from "./conventions";
import { httpError } from "./http-error";
import { authorise } from "./ingest-key";
import { parseJsonBody, readBody } from "./request-body";

const SESSION_MAX_AGE_S = 7 * 24 * 3600;
const signInSchema = z.object({ key: z.string().min(1).max(512) });

export const sessionRoutes = new Hono<CollectorEnv>()
  .post(ROUTES.session, async (c) => {
    const parsed = signInSchema.safeParse(parseJsonBody(await readBody(c.req.raw, 4096)));
    if (!parsed.success) throw httpError(400, "bad_request", "send {\"key\": \"<read key>\"}", { path: "key" });
    const config = parseConfig(c.env as unknown as Record<string, unknown>);
    const grant = await authorise(config.keys, { secret: parsed.data.key, publicKey: null }, "read");
    if (!grant) throw httpError(401, "unauthorized", "key is not valid for read");
    setCookie(c, SESSION_COOKIE, parsed.data.key, {
      httpOnly: true,
      sameSite: "Strict",
      secure: new URL(c.req.url).protocol === "https:",
      path: "/",
      maxAge: SESSION_MAX_AGE_S,
    });
    return c.body(null, 204);
  })
  .delete(ROUTES.session, (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });
