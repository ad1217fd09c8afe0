// Serves the local webhook receiver over HTTP (for the demo): PORT, WEBHOOK_SECRET from the environment.
import { createServer } from "node:http";
import { serveFetchHandler } from "./node-adapter.mjs";
import { createWebhookReceiver } from "./receiver.mjs";

const port = Number(process.env.PORT ?? 8912);
const receiver = createWebhookReceiver({ secret: process.env.WEBHOOK_SECRET });
createServer(serveFetchHandler(async (request) => {
  const response = await receiver.handle(request);
  const last = receiver.received.at(-1);
  if (last && !new URL(request.url).pathname.startsWith("/__local")) {
    console.log(JSON.stringify({ path: last.path, answered: last.answered, verified: last.verified, type: last.body?.type ?? null, error: last.error }));
  }
  return response;
})).listen(port, "127.0.0.1", () => console.log(`local webhook receiver on http://127.0.0.1:${port}`));
