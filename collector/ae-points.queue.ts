// Consumes Analytics Engine points that overflowed a shard's 250-per-invocation budget and writes them.
import { AE_POINTS_PER_INVOCATION, createAnalyticsSink, type EventSink } from "./analytics.sink";

export async function handleAnalyticsPoints(
  batch: MessageBatch<AnalyticsEngineDataPoint[]>,
  env: Env,
  sink: EventSink = createAnalyticsSink(env),
): Promise<void> {
  let written = 0;
  for (const message of batch.messages) {
    // The queue's max_batch_size keeps a batch within the limit; retry anything beyond it rather than drop it.
    if (written + message.body.length > AE_POINTS_PER_INVOCATION) {
      message.retry();
      continue;
    }
    sink.write(message.body);
    written += message.body.length;
    message.ack();
  }
}
