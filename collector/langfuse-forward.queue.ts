// Forwards accepted Langfuse batches to an upstream Langfuse (optional), retrying with backoff through the queue.
import { parseConfig } from "./config";
import { ROUTES } from "./conventions";

export interface ForwardMessage {
  body: string;
}

export async function handleLangfuseForward(batch: MessageBatch<ForwardMessage>, env: Env, fetcher: typeof fetch = fetch): Promise<void> {
  const forward = parseConfig(env as unknown as Record<string, unknown>).langfuseForward;
  for (const message of batch.messages) {
    if (!forward) {
      message.ack();
      continue;
    }
    const response = await fetcher(`${forward.baseUrl.replace(/\/$/, "")}${ROUTES.langfuseIngestion}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${btoa(`${forward.publicKey}:${forward.secretKey}`)}`,
      },
      body: message.body.body,
    }).catch(() => null);
    // 2xx (Langfuse answers 207) is delivered; 4xx other than 429 will never succeed, so retrying is pointless.
    if (response && (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429))) {
      message.ack();
    } else {
      message.retry({ delaySeconds: Math.min(300, 2 ** message.attempts * 5) });
    }
  }
}
