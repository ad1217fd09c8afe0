// The Analytics Engine points queue: points beyond an invocation's 250 go in as messages; its consumer writes them.
import { AE_POINTS_PER_INVOCATION, createAnalyticsSink, type EventSink } from "./analytics.sink";

/** Points per queue message; the consumer takes 2 messages per batch, so one invocation writes at most 250 points. */
export const AE_POINTS_PER_MESSAGE = 125;
/** Queues take at most 100 messages per sendBatch. */
const QUEUE_SEND_BATCH_LIMIT = 100;

/** Message bodies are JSON strings: cloning one string into the queue costs a fraction of cloning 125 nested points. */
export function aeMessageBodies(points: AnalyticsEngineDataPoint[]): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < points.length; i += AE_POINTS_PER_MESSAGE) bodies.push(JSON.stringify(points.slice(i, i + AE_POINTS_PER_MESSAGE)));
  return bodies;
}

/** Sends bodies in sendBatch-sized chunks; answers the ones not sent when the queue refuses a chunk (none on success). */
export async function sendAeMessages(queue: Queue, bodies: string[]): Promise<{ unsent: string[]; error?: unknown }> {
  for (let i = 0; i < bodies.length; i += QUEUE_SEND_BATCH_LIMIT) {
    try {
      await queue.sendBatch(bodies.slice(i, i + QUEUE_SEND_BATCH_LIMIT).map((body) => ({ body })));
    } catch (error) {
      return { unsent: bodies.slice(i), error };
    }
  }
  return { unsent: [] };
}

export async function handleAnalyticsPoints(
  /** Each body is a JSON array of at most AE_POINTS_PER_MESSAGE points (aeMessageBodies). */
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
