// eval-engine Worker entry: the Hono app wrapped by otel-cf-workers' instrument() (see ../telemetry.ts).
import { instrumentService } from "../telemetry";
import { app, SERVICE_NAME, type EvalEnv } from "./app";

export default instrumentService<EvalEnv>(SERVICE_NAME, (request, env, ctx) => app.fetch(request, env, ctx));
