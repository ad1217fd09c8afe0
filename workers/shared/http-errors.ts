// Request-level errors as JSON {error: {code, message, path?}}, the JSON body reader with zod, and the one onError.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { logEvent } from "./log";

export class ConfigError extends Error {}

export function httpError(status: ContentfulStatusCode, code: string, message: string, path?: string): HTTPException {
  const body = { error: { code, message, ...(path ? { path } : {}) } };
  return new HTTPException(status, { res: Response.json(body, { status }) });
}

/** Reads a JSON body of at most maxBytes and validates it; every failure is a precise 4xx. */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S, maxBytes: number): Promise<z.infer<S>> {
  const contentType = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw httpError(415, "unsupported_media_type", `send application/json (got ${contentType || "no content type"})`);
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) throw httpError(413, "payload_too_large", `body is ${declared} bytes; the limit is ${maxBytes}`);
  const text = await c.req.text();
  if (new TextEncoder().encode(text).length > maxBytes) throw httpError(413, "payload_too_large", `body exceeds the limit of ${maxBytes} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw httpError(400, "invalid_json", `body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join(".");
    throw httpError(400, "bad_request", path ? `${path}: ${issue.message}` : issue.message, path || undefined);
  }
  return parsed.data;
}

export function renderError(error: Error, c: Context): Response {
  if (error instanceof HTTPException) return error.getResponse();
  if (error instanceof ConfigError) {
    logEvent("error", "bad_config", { message: error.message });
    return c.json({ error: { code: "misconfigured", message: error.message } }, 500);
  }
  logEvent("error", "unhandled", { message: String(error), stack: error.stack });
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
}

export function renderNotFound(c: Context): Response {
  return c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
}
