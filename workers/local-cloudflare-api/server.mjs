// Serves the local Cloudflare API stand-in over HTTP (for the demo): PORT, CF_API_TOKEN from the environment.
import { createServer } from "node:http";
import { createLocalCloudflareApi } from "./api.mjs";
import { serveFetchHandler } from "../local-webhook-receiver/node-adapter.mjs";

const port = Number(process.env.PORT ?? 8911);
const api = createLocalCloudflareApi({ apiToken: process.env.CF_API_TOKEN ?? "local-cf-token" });
createServer(serveFetchHandler(api.handle)).listen(port, "127.0.0.1", () => console.log(`local Cloudflare API on http://127.0.0.1:${port}/client/v4`));
