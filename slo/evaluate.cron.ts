// The minute cron: evaluate every SLO (one shard read per service), then tell each project's AlertBook what burns.
import { ALERT_BOOK_NAME, DO_NAME } from "../collector/conventions";
import { parseSloConfig } from "./config";
import { evaluateSlos, toAlertObservations, type ProjectEvaluation, type RollupReader } from "./evaluate";

export function rollupReader(env: Env): RollupReader {
  return {
    readWindows: (project, service, query) => env.ROLLUP_SHARD.getByName(DO_NAME.rollupShard(project, service)).readWindows(query),
  };
}

export interface EvaluationRun extends ProjectEvaluation {
  alertUpdates: { project: string; service: string; transitions: number; rollbacks: number; queued: number }[];
}

export async function runSloEvaluation(env: Env, nowMs: number): Promise<EvaluationRun> {
  const config = parseSloConfig(env as unknown as Record<string, unknown>);
  const evaluation = await evaluateSlos(rollupReader(env), config.slos, nowMs, config.evaluation);
  const alertUpdates: EvaluationRun["alertUpdates"] = [];
  // Services whose read failed are not reported: their alerts keep their state rather than resolve on missing data.
  await Promise.all(
    evaluation.services.map(async (service) => {
      const outcome = await env.ALERT_BOOK.getByName(ALERT_BOOK_NAME(service.project)).observe({
        service: service.service, nowMs, observations: toAlertObservations(service),
      });
      alertUpdates.push({ project: service.project, service: service.service, transitions: outcome.transitions.length, rollbacks: outcome.rollbacks.length, queued: outcome.queued });
    }),
  );
  for (const failure of evaluation.failures) console.error(JSON.stringify({ reason: "slo_read_failed", ...failure }));
  return { ...evaluation, alertUpdates };
}
