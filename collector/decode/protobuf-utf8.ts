// Strings in OTLP protobuf bodies decoded natively (TextDecoder) or, when short and ASCII, straight from their bytes.
import * as protobuf from "protobufjs/minimal";

/**
 * Without Node's Buffer (as in workerd) protobufjs decodes every string with a JavaScript UTF-8 loop that builds a
 * character array per string: in a 1,000-span export (≈ 25,000 strings) that loop and its garbage were a third of
 * the decode. TextDecoder is native and, like protobufjs, replaces malformed sequences with U+FFFD. Most of those
 * strings are short ASCII keys and values, for which one call into the runtime costs more than reading the bytes
 * as character codes (ASCII bytes are their own UTF-16 code units).
 */
const decoder = new TextDecoder("utf-8");
const SHORT_STRING_BYTES = 64;

export function readUtf8(buffer: Uint8Array, start: number, end: number): string {
  if (end <= start) return "";
  const bytes = start === 0 && end === buffer.length ? buffer : buffer.subarray(start, end);
  if (bytes.length <= SHORT_STRING_BYTES) {
    let i = 0;
    while (i < bytes.length && bytes[i]! < 0x80) i++;
    if (i === bytes.length) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  }
  return decoder.decode(bytes);
}

export function useNativeUtf8(): void {
  protobuf.util.utf8.read = readUtf8;
}
