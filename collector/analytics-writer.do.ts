// AnalyticsWriter: stateless; each call is its own invocation, so it writes one batch of up to 250 Analytics Engine points.
import { DurableObject } from "cloudflare:workers";
import { decodeAePoints } from "./ae-points.codec";
import { createAnalyticsSink, type EventSink } from "./analytics.sink";

export class AnalyticsWriter extends DurableObject<Env> {
  /** Where the points go: the ANALYTICS binding (tests replace it to see what was written). */
  sink: EventSink;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sink = createAnalyticsSink(env);
  }

  /** One compact body (aePointBatches); more than 250 points throws, before any is written. */
  async write(body: string): Promise<void> {
    this.sink.write(decodeAePoints(body));
  }
}
