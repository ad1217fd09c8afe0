// Minimal decoder for an OTLP ExportTraceServiceRequest in protobuf, used only to check that the protobuf
// fixtures carry the same spans as the JSON ones. Produces the OTLP/JSON shape (ids as lowercase hex,
// times as decimal strings, intValue as string) so both can go through the same summary.

function reader(buf) {
  let pos = 0;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  return {
    done: () => pos >= buf.length,
    field() {
      const key = Number(varint());
      const no = key >>> 3;
      const wt = key & 7;
      let value;
      if (wt === 0) value = varint();
      else if (wt === 1) {
        value = buf.subarray(pos, pos + 8);
        pos += 8;
      } else if (wt === 2) {
        const len = Number(varint());
        value = buf.subarray(pos, pos + len);
        pos += len;
      } else if (wt === 5) {
        value = buf.subarray(pos, pos + 4);
        pos += 4;
      } else throw new Error(`unsupported wire type ${wt}`);
      return { no, wt, value };
    },
  };
}

function fields(buf) {
  const r = reader(buf);
  const out = [];
  while (!r.done()) out.push(r.field());
  return out;
}

const str = (b) => Buffer.from(b).toString('utf8');
const hex = (b) => Buffer.from(b).toString('hex');
const u64 = (b) => Buffer.from(b).readBigUInt64LE(0).toString();
const int64 = (v) => BigInt.asIntN(64, v).toString();

function anyValue(buf) {
  for (const f of fields(buf)) {
    if (f.no === 1) return { stringValue: str(f.value) };
    if (f.no === 2) return { boolValue: f.value !== 0n };
    if (f.no === 3) return { intValue: int64(f.value) };
    if (f.no === 4) return { doubleValue: Buffer.from(f.value).readDoubleLE(0) };
    if (f.no === 5) return { arrayValue: { values: fields(f.value).filter((x) => x.no === 1).map((x) => anyValue(x.value)) } };
    if (f.no === 6) return { kvlistValue: { values: fields(f.value).filter((x) => x.no === 1).map((x) => keyValue(x.value)) } };
    if (f.no === 7) return { bytesValue: Buffer.from(f.value).toString('base64') };
  }
  return {};
}

function keyValue(buf) {
  const kv = { key: '', value: {} };
  for (const f of fields(buf)) {
    if (f.no === 1) kv.key = str(f.value);
    if (f.no === 2) kv.value = anyValue(f.value);
  }
  return kv;
}

function span(buf) {
  const s = { attributes: [], events: [], status: {} };
  for (const f of fields(buf)) {
    switch (f.no) {
      case 1: s.traceId = hex(f.value); break;
      case 2: s.spanId = hex(f.value); break;
      case 3: s.traceState = str(f.value); break;
      case 4: s.parentSpanId = hex(f.value); break;
      case 5: s.name = str(f.value); break;
      case 6: s.kind = Number(f.value); break;
      case 7: s.startTimeUnixNano = u64(f.value); break;
      case 8: s.endTimeUnixNano = u64(f.value); break;
      case 9: s.attributes.push(keyValue(f.value)); break;
      case 11: {
        const ev = { attributes: [] };
        for (const g of fields(f.value)) {
          if (g.no === 1) ev.timeUnixNano = u64(g.value);
          if (g.no === 2) ev.name = str(g.value);
          if (g.no === 3) ev.attributes.push(keyValue(g.value));
        }
        s.events.push(ev);
        break;
      }
      case 15:
        for (const g of fields(f.value)) {
          if (g.no === 2) s.status.message = str(g.value);
          if (g.no === 3) s.status.code = Number(g.value);
        }
        break;
      case 16: s.flags = Buffer.from(f.value).readUInt32LE(0); break;
      default: break;
    }
  }
  if (s.status.code === undefined) s.status.code = 0;
  return s;
}

export function decodeExportTraceServiceRequest(buf) {
  const resourceSpans = [];
  for (const rsF of fields(buf)) {
    if (rsF.no !== 1) continue;
    const rs = { resource: { attributes: [] }, scopeSpans: [] };
    for (const f of fields(rsF.value)) {
      if (f.no === 1) {
        for (const g of fields(f.value)) if (g.no === 1) rs.resource.attributes.push(keyValue(g.value));
      } else if (f.no === 2) {
        const ss = { scope: {}, spans: [] };
        for (const g of fields(f.value)) {
          if (g.no === 1) {
            for (const h of fields(g.value)) {
              if (h.no === 1) ss.scope.name = str(h.value);
              if (h.no === 2) ss.scope.version = str(h.value);
            }
          } else if (g.no === 2) ss.spans.push(span(g.value));
        }
        rs.scopeSpans.push(ss);
      }
    }
    resourceSpans.push(rs);
  }
  return { resourceSpans };
}
