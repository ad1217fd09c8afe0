// The Analytics Engine points queue: points beyond an invocation's 250 go in as compact messages; its consumer writes them.
import { AE_POINTS_PER_INVOCATION, createAnalyticsSink, type AePoint, type EventSink } from "./analytics.sink";
import { decodeAePoints, encodeAePoints } from "./ae-points.codec";

/** Points per queue message: one message is one consumer invocation's worth (the consumer's max_batch_size is 1). */
export const AE_POINTS_PER_MESSAGE = AE_POINTS_PER_INVOCATION;
/** Queues take messages up to 128 KB and sendBatch calls up to 100 messages and 256 KB: stay under both. */
export const MAX_MESSAGE_BYTES = 120_000;
const MAX_SEND_BATCH_BYTES = 240_000;
const QUEUE_SEND_BATCH_LIMIT = 100;

/** Upper bound of a body's UTF-8 size without encoding it when it is clearly small (a UTF-16 unit is ≤ 3 bytes). */
function utf8Bytes(body: string): number {
  return body.length * 3 <= MAX_MESSAGE_BYTES ? body.length * 3 : new TextEncoder().encode(body).length;
}

/** Message bodies of at most AE_POINTS_PER_MESSAGE points and MAX_MESSAGE_BYTES each (long routes or models split a message). */
export function aeMessageBodies(points: AePoint[]): string[] {
  const bodies: string[] = [];
  const pack = (chunk: AePoint[]) => {
    const body = encodeAePoints(chunk);
    if (utf8Bytes(body) <= MAX_MESSAGE_BYTES || chunk.length === 1) return void bodies.push(body);
    const half = Math.ceil(chunk.length / 2);
    pack(chunk.slice(0, half));
    pack(chunk.slice(half));
  };
  for (let i = 0; i < points.length; i += AE_POINTS_PER_MESSAGE) pack(points.slice(i, i + AE_POINTS_PER_MESSAGE));
  return bodies;
}

/** Bodies grouped into sendBatch calls within the call's message and byte limits. */
function sendBatches(bodies: string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = utf8Bytes(body);
    if (current.length > 0 && (current.length === QUEUE_SEND_BATCH_LIMIT || bytes + size > MAX_SEND_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Sends bodies in order; answers the ones not sent when the queue refuses a call (none on success). */
export async function sendAeMessages(queue: Queue, bodies: string[]): Promise<{ unsent: string[]; error?: unknown }> {
  let sent = 0;
  for (const batch of sendBatches(bodies)) {
    try {
      await queue.sendBatch(batch.map((body) => ({ body })));
    } catch (error) {
      return { unsent: bodies.slice(sent), error };
    }
    sent += batch.length;
  }
  return { unsent: [] };
}

export async function handleAnalyticsPoints(
  /** Each body holds at most AE_POINTS_PER_MESSAGE points (aeMessageBodies). */
  batch: MessageBatch<string>,
  env: Env,
  sink: EventSink = createAnalyticsSink(env),
): Promise<void> {
  let written = 0;
  for (const message of batch.messages) {
    const points = decodeAePoints(message.body);
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
