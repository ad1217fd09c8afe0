// Strings in OTLP protobuf bodies decoded by the runtime's native TextDecoder instead of protobufjs's JavaScript loop.
import * as protobuf from "protobufjs/minimal";

/**
 * Without Node's Buffer (as in workerd) protobufjs decodes every string with a JavaScript UTF-8 loop that builds a
 * character array per string: in a 1,000-span export (≈ 25,000 strings) that loop and its garbage were a third of
 * the decode. TextDecoder is native and, like protobufjs, replaces malformed sequences with U+FFFD.
 */
const decoder = new TextDecoder("utf-8");

export function useNativeUtf8(): void {
  protobuf.util.utf8.read = (buffer: Uint8Array, start: number, end: number): string => {
    if (end <= start) return "";
    return decoder.decode(start === 0 && end === buffer.length ? buffer : buffer.subarray(start, end));
  };
}
