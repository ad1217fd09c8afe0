import jsUtf8 from "@protobufjs/utf8";
import { describe, expect, it } from "vitest";
import { otlp } from "./proto/otlp-trace.js";
import { useNativeUtf8 } from "./protobuf-utf8";

const cases: [string, number[]][] = [
  ["ascii", [...new TextEncoder().encode("http.route")]],
  ["ascii of 64 bytes (the longest read from its bytes)", [...new TextEncoder().encode("g".repeat(64))]],
  ["ascii of 65 bytes (read by TextDecoder)", [...new TextEncoder().encode("h".repeat(65))]],
  ["ascii with control characters", [0x00, 0x09, 0x7f, 0x41]],
  ["a short string with one two-byte sequence", [...new TextEncoder().encode("café")]],
  ["two, three and four byte sequences", [...new TextEncoder().encode("prévision 漢字 🙂")]],
  ["a lone continuation byte", [0x61, 0x80, 0x62]],
  ["a truncated three-byte sequence", [0x61, 0xe6, 0xbc]],
  ["an overlong encoding", [0xc0, 0xaf]],
  ["empty", []],
];

describe("protobuf strings read natively or from their ASCII bytes", () => {
  it("valid UTF-8 reads the same as with protobufjs's own decoder; malformed bytes become U+FFFD, never a throw", () => {
    useNativeUtf8();
    for (const [label, bytes] of cases) {
      const encoded = otlp.KeyValue.encode({ key: "k", value: {} }).finish();
      // A KeyValue whose key field (1, length-delimited) holds exactly these bytes.
      const message = new Uint8Array([0x0a, bytes.length, ...bytes, ...encoded.subarray(3)]);
      const key = otlp.KeyValue.decode(message).key;
      const reference = jsUtf8.read(new Uint8Array(bytes), 0, bytes.length);
      if (!label.includes("lone") && !label.includes("truncated") && !label.includes("overlong")) expect(key, label).toBe(reference);
      else expect(key, label).toContain("\uFFFD");
    }
  });
});
