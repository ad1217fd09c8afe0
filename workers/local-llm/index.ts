// local-llm Worker entry (dev and tests only; not instrumented: it stands in for third-party providers).
import { app, type LocalLlmEnv } from "./app";

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<LocalLlmEnv>;
