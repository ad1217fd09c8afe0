// Composition root of the control-plane Worker: routes, Durable Object classes, queue consumers. Nothing imports it.
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { CollectorEnv } from "./auth";
import { ConfigError } from "./config";
import { ROUTES } from "./conventions";
import { handleLangfuseForward, type ForwardMessage } from "./langfuse-forward.queue";
import { ingestRoutes } from "./ingest.routes";
import { queryRoutes } from "./query.routes";
import { sessionRoutes } from "./session.routes";
import { BodyError } from "./request-body";
import { sloRoutes } from "../slo/slo.routes";
import { SloConfigError } from "../slo/config";
import { runSloEvaluation } from "../slo/evaluate.cron";
import { alertRoutes } from "../alerts/alerts.routes";
import { handleAlertDeadLetters, handleAlertDelivery } from "../alerts/delivery.queue";
import type { DeliveryMessage } from "../alerts/alert-event";
import { ALERT_DEAD_LETTER_QUEUE, ALERT_QUEUE } from "../alerts/conventions";

export { RollupShard } from "./rollup-shard.do";
export { AnalyticsWriter } from "./analytics-writer.do";
export { LangfuseAssembler } from "./langfuse-assembler.do";
export { ProjectDirectory } from "./project-directory.do";
export { AlertBook } from "../alerts/alert-book.do";

const app = new Hono<CollectorEnv>()
  .get(ROUTES.health, (c) => c.json({ ok: true }))
  .route("/", ingestRoutes)
  .route("/", queryRoutes)
  .route("/", sessionRoutes)
  .route("/", sloRoutes)
  .route("/", alertRoutes);

app.notFound((c) => c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404));

app.onError((error, c) => {
  if (error instanceof HTTPException) {
    if (error.status >= 500) console.error(JSON.stringify({ reason: "request_failed", status: error.status, cause: String(error.cause ?? error.message) }));
    return error.getResponse();
  }
  if (error instanceof BodyError) return c.json({ error: { code: error.code, message: error.message } }, error.problem.status);
  if (error instanceof ConfigError || error instanceof SloConfigError) {
    console.error(JSON.stringify({ reason: "bad_config", message: error.message }));
    return c.json({ error: { code: "misconfigured", message: error.message } }, 500);
  }
  console.error(JSON.stringify({ reason: "unhandled", message: String(error), stack: (error as Error).stack }));
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
});

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    if (batch.queue.startsWith("edgeslo-langfuse-forward")) return handleLangfuseForward(batch as MessageBatch<ForwardMessage>, env);
    if (batch.queue === ALERT_DEAD_LETTER_QUEUE) return handleAlertDeadLetters(batch as MessageBatch<DeliveryMessage>, env);
    if (batch.queue === ALERT_QUEUE) return handleAlertDelivery(batch as MessageBatch<DeliveryMessage>, env);
    throw new Error(`no consumer for queue ${batch.queue}`);
  },
  /** Every minute: SLO evaluation, alert transitions, deliveries queued, rollbacks (slo/evaluate.cron.ts). */
  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    await runSloEvaluation(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;
