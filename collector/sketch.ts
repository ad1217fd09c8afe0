// Mergeable latency sketches: DDSketch at 1% relative accuracy, serialised with its protobuf format.
import { LogCollapsingLowestDenseDDSketch } from "@datadog/sketches-js";

export const SKETCH_RELATIVE_ACCURACY = 0.01;
/** 2048 bins at 1% cover ~1e-9 ms .. 1e9 ms; collapsing the lowest bins keeps the tail (P95/P99) exact to 1%. */
const SKETCH_BIN_LIMIT = 2048;

export type LatencySketch = LogCollapsingLowestDenseDDSketch;

export function createLatencySketch(): LatencySketch {
  return new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY, binLimit: SKETCH_BIN_LIMIT });
}

export function serialiseSketch(sketch: LatencySketch): Uint8Array {
  return sketch.toProto();
}

export function deserialiseSketch(bytes: ArrayBuffer | Uint8Array): LatencySketch {
  const sketch = createLatencySketch();
  // fromProto builds a plain DDSketch; merging it into a bounded one keeps the bin limit.
  sketch.merge(LogCollapsingLowestDenseDDSketch.fromProto(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)));
  return sketch;
}

export function mergeSketches(sketches: Iterable<LatencySketch>): LatencySketch {
  const total = createLatencySketch();
  for (const sketch of sketches) total.merge(sketch);
  return total;
}

export function sketchQuantileMs(sketch: LatencySketch, quantile: number): number | null {
  return sketch.count === 0 ? null : sketch.getValueAtQuantile(quantile);
}

/**
 * Values at or below a threshold, read from the sketch's bins without merging (for "fraction of requests under N ms").
 * The bin holding the threshold counts as below it, so the answer carries the sketch's 1% relative accuracy.
 */
export function sketchCountAtOrBelow(sketch: LatencySketch, thresholdMs: number): number {
  if (thresholdMs < 0) return 0;
  let count = sketch.zeroCount + sketch.negativeStore.count;
  if (thresholdMs === 0) return count;
  const store = sketch.store;
  if (store.count === 0) return count;
  const lastKey = Math.min(sketch.mapping.key(thresholdMs), store.maxKey);
  for (let key = store.minKey; key <= lastKey; key++) count += store.bins[key - store.offset] ?? 0;
  return count;
}
