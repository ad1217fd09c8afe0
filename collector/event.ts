// NormalisedEvent: the one event shape every decoder produces and every store consumes.
import { z } from "zod";
import { CACHE_RESULTS } from "./conventions";

export const eventSourceSchema = z.enum(["otlp", "langfuse"]);
export type EventSource = z.infer<typeof eventSourceSchema>;

export const normalisedEventSchema = z.object({
  /** Where the event came from; with traceId it links a request's OTLP spans and Langfuse generations. */
  source: eventSourceSchema,
  project: z.string().min(1),
  service: z.string().min(1),
  version: z.string().min(1),
  /** Span start, Unix ms: events are bucketed by their own time, not by arrival. */
  timestampMs: z.number().int().nonnegative(),
  /** OTel trace id (32 hex) or a Langfuse trace id (UUIDs lose their dashes so they match OTel ids). */
  traceId: z.string().min(1).max(128),
  /** OTLP span id (16 hex) or Langfuse observation/trace id. */
  spanId: z.string().min(1).max(128),
  name: z.string(),
  /** This event is one request of its service: it counts in requests, errors, latency and cache figures. */
  isRequest: z.boolean(),
  /** This event carries LLM usage (tokens and/or cost). */
  hasUsage: z.boolean(),
  region: z.string().nullable(),
  route: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
  outcome: z.enum(["ok", "error"]),
  durationMs: z.number().nonnegative(),
  cacheResult: z.enum(CACHE_RESULTS).nullable(),
  cacheTier: z.string().nullable(),
  provider: z.string().nullable(),
  model: z.string().nullable(),
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
  costUsd: z.number().nonnegative(),
  /** "sent" when the client reported the cost, "priced" when computed from the pricing table. */
  costSource: z.enum(["sent", "priced", "none"]),
});
export type NormalisedEvent = z.infer<typeof normalisedEventSchema>;

/** A per-item rejection: OTLP counts them in partialSuccess, Langfuse lists them in its 207 errors. */
export interface Rejection {
  /** Span id, Langfuse envelope id, or a path when no id is known. */
  id: string;
  message: string;
}

export interface DecodeResult {
  events: NormalisedEvent[];
  rejected: Rejection[];
}
