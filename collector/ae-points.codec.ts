// Analytics Engine points as compact JSON text: a writer batch (outbox row, AnalyticsWriter call) and a shard summary's own points.
import type { AePoint } from "./analytics.sink";

const MESSAGE_FORMAT = 2;

/**
 * A batch's body: each index and blob column stored once per distinct value (a batch's points share project,
 * service, version, route, model...), each point a flat row of references and doubles: half the bytes of the points
 * as JSON, so less to copy into a writer call and to store in an outbox.
 */
interface PackedPoints {
  v: typeof MESSAGE_FORMAT;
  blobs: number;
  doubles: number;
  /** Column 0: index values; column c > 0: values of blob c - 1. */
  dict: string[][];
  /** Per point: [index ref, blob refs..., doubles...]. */
  rows: number[][];
}

export function encodeAePoints(points: AePoint[]): string {
  const blobs = points[0]?.blobs.length ?? 0;
  const doubles = points[0]?.doubles.length ?? 0;
  const refs = Array.from({ length: blobs + 1 }, () => new Map<string, number>());
  const refOf = (column: number, value: string) => {
    const seen = refs[column]!;
    let ref = seen.get(value);
    if (ref === undefined) seen.set(value, (ref = seen.size));
    return ref;
  };
  const rows = points.map((point) => {
    if (point.blobs.length !== blobs || point.doubles.length !== doubles) throw new Error("points of one message share one layout");
    const row = [refOf(0, point.indexes[0])];
    for (let c = 0; c < blobs; c++) row.push(refOf(c + 1, point.blobs[c]!));
    for (const value of point.doubles) row.push(value);
    return row;
  });
  const packed: PackedPoints = { v: MESSAGE_FORMAT, blobs, doubles, dict: refs.map((seen) => [...seen.keys()]), rows };
  return JSON.stringify(packed);
}

/** Reads a batch body; also the plain JSON array of points that outboxes held before format 2. */
export function decodeAePoints(body: string): AePoint[] {
  const parsed = JSON.parse(body) as PackedPoints | AePoint[];
  if (Array.isArray(parsed)) return parsed;
  if (parsed.v !== MESSAGE_FORMAT) throw new Error(`unknown AE points message format ${String(parsed.v)}`);
  const { blobs, dict, rows } = parsed;
  return rows.map((row) => ({
    indexes: [dict[0]![row[0]!]!],
    blobs: Array.from({ length: blobs }, (_, c) => dict[c + 1]![row[c + 1]!]!),
    doubles: row.slice(blobs + 1),
  }));
}
