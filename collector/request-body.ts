// Reads a request body within a byte limit, gunzipping (and limiting the inflated size) when Content-Encoding says so.

export type BodyProblem =
  | { status: 413; message: string }
  | { status: 415; message: string }
  | { status: 400; message: string };

const PROBLEM_CODES = { 400: "bad_request", 413: "payload_too_large", 415: "unsupported_media_type" } as const;

/** Thrown by the readers below; the app's onError renders it as a JSON error with its status. */
export class BodyError extends Error {
  constructor(readonly problem: BodyProblem) {
    super(problem.message);
  }

  get code(): string {
    return PROBLEM_CODES[this.problem.status];
  }
}

async function readLimited(stream: ReadableStream<Uint8Array>, limit: number, what: string): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyError({ status: 413, message: `${what} exceeds the ${limit}-byte limit` });
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Limits both the bytes on the wire and the inflated bytes, so a gzip bomb is a 413, not an out-of-memory. */
export async function readBody(request: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw new BodyError({ status: 413, message: `request body exceeds the ${limitBytes}-byte limit` });
  if (!request.body) return new Uint8Array();
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  const identity = encoding === "identity" || encoding === "";
  if (!identity && encoding !== "gzip" && encoding !== "x-gzip") {
    throw new BodyError({ status: 415, message: `unsupported content-encoding "${encoding}" (use gzip or none)` });
  }
  // With a declared length the runtime enforces it and one native read is cheapest; chunked bodies are counted as read.
  const raw = request.headers.has("content-length")
    ? new Uint8Array(await request.arrayBuffer())
    : await readLimited(request.body, limitBytes, "request body");
  if (identity) return raw;
  try {
    const inflated = new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"));
    return await readLimited(inflated, limitBytes, "decompressed request body");
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw new BodyError({ status: 400, message: `body is not valid gzip: ${(error as Error).message}` });
  }
}

/** The media type without parameters, lower-cased ("application/json; charset=utf-8" → "application/json"). */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export function parseJsonBody(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch (error) {
    throw new BodyError({ status: 400, message: `body is not valid JSON: ${(error as Error).message}` });
  }
}
