// Consumes Analytics Engine points that overflowed a shard's 250-per-invocation budget and writes them.
import { AE_POINTS_PER_INVOCATION, createAnalyticsSink, type EventSink } from "./analytics.sink";

export async function handleAnalyticsPoints(
  /** Each body is a JSON array of at most AE_POINTS_PER_MESSAGE points (see rollup-shard.do.ts). */
  batch: MessageBatch<string>,
  env: Env,
  sink: EventSink = createAnalyticsSink(env),
): Promise<void> {
  let written = 0;
  for (const message of batch.messages) {
    const points = JSON.parse(message.body) as AnalyticsEngineDataPoint[];
    // The queue's max_batch_size keeps a batch within the limit; retry anything beyond it rather than drop it.
    if (written + points.length > AE_POINTS_PER_INVOCATION) {
      message.retry();
      continue;
    }
    sink.write(points);
    written += points.length;
    message.ack();
  }
}
