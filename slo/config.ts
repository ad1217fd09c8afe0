// parseSloConfig(env): the SLO definitions (bundled slos.yaml, or SLO_YAML) and evaluation settings, once per isolate.
import { z } from "zod";
import { configResolver } from "../collector/config-resolver";
import shippedSlos from "./slos.yaml";
import { DEFAULT_CANARY_OPTIONS } from "./canary";
import type { SloDefinition } from "./definition";
import { DEFAULT_EVALUATION_OPTIONS, type EvaluationOptions } from "./evaluate";
import { loadSloFiles } from "./spec/load";
import { SloSpecError } from "./spec/yaml-source";

/** A bad SLO/alerting setting: every request and cron run fails with it, the key named. */
export class SloConfigError extends Error {}

const envSchema = z.object({
  /** SLO file text replacing the bundled slo/slos.yaml (edgeslo/v1 and/or OpenSLO v1 documents). */
  SLO_YAML: z.string().optional(),
  /** Project for SLOs that name none. */
  SLO_DEFAULT_PROJECT: z.string().optional(),
  CANARY_WINDOW_MINUTES: z.coerce.number().int().positive().max(360).default(DEFAULT_EVALUATION_OPTIONS.canaryWindowMinutes),
  CANARY_LIVE_MINUTES: z.coerce.number().positive().max(60).default(DEFAULT_EVALUATION_OPTIONS.canaryLiveMinutes),
  CANARY_MIN_SAMPLES: z.coerce.number().int().positive().default(DEFAULT_CANARY_OPTIONS.minSamples),
  CANARY_CONFIDENCE: z.coerce.number().gt(0.5).lt(1).default(DEFAULT_CANARY_OPTIONS.confidence),
});

export interface SloConfig {
  slos: SloDefinition[];
  evaluation: EvaluationOptions;
}

export const parseSloConfig = configResolver(envSchema, buildSloConfig, (message) => new SloConfigError(message));

function buildSloConfig(e: z.output<typeof envSchema>): SloConfig {
  let slos: SloDefinition[];
  try {
    slos = loadSloFiles([{ name: e.SLO_YAML ? "SLO_YAML" : "slo/slos.yaml", text: e.SLO_YAML ?? shippedSlos }], { defaultProject: e.SLO_DEFAULT_PROJECT ?? null });
  } catch (error) {
    if (error instanceof SloSpecError) throw new SloConfigError(`invalid SLO definitions:\n${error.message}`, { cause: error });
    throw error;
  }
  return {
    slos,
    evaluation: {
      ...DEFAULT_EVALUATION_OPTIONS,
      canaryWindowMinutes: e.CANARY_WINDOW_MINUTES,
      canaryLiveMinutes: e.CANARY_LIVE_MINUTES,
      canary: { ...DEFAULT_CANARY_OPTIONS, minSamples: e.CANARY_MIN_SAMPLES, confidence: e.CANARY_CONFIDENCE },
    },
  };
}
