// GET /api/alerts, GET /api/rollbacks (read key) and POST /api/silences (admin key): the AlertBook's view, validated.
import { Hono } from "hono";
import { z } from "zod";
import { requireKey, type CollectorEnv } from "../collector/auth";
import { formatZodPath } from "../collector/decode/otlp-json";
import { httpError, unavailable } from "../collector/http-error";
import { SEVERITIES } from "../slo/conventions";
import { durationMinutesSchema } from "../slo/spec/units";
import type { AlertRecord, Silence } from "./alert-state";
import { ALERT_BOOK_NAME, ALERT_ROUTES } from "./conventions";

const MAX_SILENCE_MS = 30 * 24 * 3_600_000;

function invalid(error: z.ZodError, what: string): never {
  const issue = error.issues[0]!;
  const path = formatZodPath(issue.path);
  throw httpError(400, "bad_request", `invalid ${what} ${path}: ${issue.message}`, { path });
}

const alertsQuerySchema = z.object({
  service: z.string().min(1).max(256).optional(),
  phase: z.enum(["pending", "firing", "resolved"]).optional(),
});

const rollbacksQuerySchema = z.object({
  service: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const instantSchema = z.union([z.number().int().positive(), z.iso.datetime({ offset: true }).transform((text) => Date.parse(text))]);

export const silenceRequestSchema = z
  .strictObject({
    matchers: z
      .strictObject({ service: z.string().min(1).optional(), slo: z.string().min(1).optional(), version: z.string().min(1).optional(), severity: z.enum(SEVERITIES).optional() })
      .refine((m) => Object.values(m).some((v) => v !== undefined), "at least one of service, slo, version, severity"),
    startsAt: instantSchema.optional(),
    endsAt: instantSchema.optional(),
    /** Instead of endsAt: "30m", "2h", "1d". */
    duration: durationMinutesSchema.optional(),
    comment: z.string().min(1).max(1000),
    createdBy: z.string().min(1).max(200),
  })
  .refine((s) => (s.endsAt === undefined) !== (s.duration === undefined), { message: "exactly one of endsAt or duration", path: ["endsAt"] });

export const alertRoutes = new Hono<CollectorEnv>()
  .get(ALERT_ROUTES.alerts, requireKey("read"), async (c) => {
    const parsed = alertsQuerySchema.safeParse(c.req.query());
    if (!parsed.success) invalid(parsed.error, "query parameter");
    const project = c.get("project");
    const book = c.env.ALERT_BOOK.getByName(ALERT_BOOK_NAME(project));
    try {
      const [alerts, silences, deliveries, disabledTargets] = await Promise.all([
        book.listAlerts({ service: parsed.data.service }), book.listSilences(Date.now()), book.listDeliveries(100), book.disabledTargets(),
      ]);
      // RPC stub types turn Record<string, unknown> into never; the records are plain JSON.
      const records = alerts as unknown as AlertRecord[];
      return c.json({ project, alerts: records.filter((a) => !parsed.data.phase || a.phase === parsed.data.phase), silences, deliveries, disabledTargets });
    } catch (error) {
      throw unavailable("alert storage unavailable; retry", error);
    }
  })
  .get(ALERT_ROUTES.rollbacks, requireKey("read"), async (c) => {
    const parsed = rollbacksQuerySchema.safeParse(c.req.query());
    if (!parsed.success) invalid(parsed.error, "query parameter");
    const project = c.get("project");
    try {
      const rollbacks = await c.env.ALERT_BOOK.getByName(ALERT_BOOK_NAME(project)).listRollbacks(parsed.data);
      return c.json({ project, rollbacks });
    } catch (error) {
      throw unavailable("alert storage unavailable; retry", error);
    }
  })
  .post(ALERT_ROUTES.silences, requireKey("admin"), async (c) => {
    if (!(c.req.header("content-type") ?? "").includes("application/json")) throw httpError(415, "unsupported_media_type", "send application/json");
    let body: unknown;
    try {
      body = await c.req.json();
    } catch (error) {
      throw httpError(400, "bad_request", `body is not JSON: ${(error as Error).message}`);
    }
    const parsed = silenceRequestSchema.safeParse(body);
    if (!parsed.success) invalid(parsed.error, "field");
    const nowMs = Date.now();
    const startsAtMs = parsed.data.startsAt ?? nowMs;
    const endsAtMs = parsed.data.endsAt ?? startsAtMs + parsed.data.duration! * 60_000;
    if (endsAtMs <= startsAtMs) throw httpError(400, "bad_request", "invalid field endsAt: must be after startsAt", { path: "endsAt" });
    if (endsAtMs - startsAtMs > MAX_SILENCE_MS) throw httpError(400, "bad_request", "invalid field endsAt: a silence lasts at most 30 days", { path: "endsAt" });
    if (endsAtMs <= nowMs) throw httpError(400, "bad_request", "invalid field endsAt: already over", { path: "endsAt" });
    const project = c.get("project");
    const silence: Silence = {
      id: crypto.randomUUID(), project, matchers: parsed.data.matchers, startsAtMs, endsAtMs, comment: parsed.data.comment, createdBy: parsed.data.createdBy, createdAtMs: nowMs,
    };
    try {
      return c.json({ silence: await c.env.ALERT_BOOK.getByName(ALERT_BOOK_NAME(project)).addSilence(silence) }, 201);
    } catch (error) {
      throw unavailable("alert storage unavailable; retry", error);
    }
  });
