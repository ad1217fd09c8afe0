// Test helper: records what the pooled AnalyticsWriter objects write, by replacing the sink inside each real object.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { AnalyticsWriter } from "../analytics-writer.do";
import { AE_WRITERS, DO_NAME } from "../conventions";

/** Points written by any writer from now on, filled in as they arrive; filter by index (other tests write too). */
export async function recordAeWriters(): Promise<AnalyticsEngineDataPoint[]> {
  const written: AnalyticsEngineDataPoint[] = [];
  for (let i = 0; i < AE_WRITERS; i++) {
    await runInDurableObject(env.AE_WRITER.getByName(DO_NAME.analyticsWriter(i)), (writer: AnalyticsWriter) => {
      writer.sink = { write: (points) => void written.push(...points) };
    });
  }
  return written;
}
