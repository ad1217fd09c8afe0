// A tiny capture server on 127.0.0.1: records every request byte-for-byte and answers like a real collector.
import http from 'node:http';
import zlib from 'node:zlib';

export const TRACE_PATHS = new Set(['/v1/traces', '/api/public/otel/v1/traces']);
export const INGESTION_PATH = '/api/public/ingestion';

export function pathnameOf(path) {
  return new URL(path, 'http://x').pathname;
}

function decodeBody(rec) {
  const enc = (rec.headers['content-encoding'] || '').toLowerCase();
  if (enc === 'gzip') return zlib.gunzipSync(rec.body);
  if (enc === 'deflate') return zlib.inflateSync(rec.body);
  if (enc === 'br') return zlib.brotliDecompressSync(rec.body);
  return rec.body;
}

function answer(rec, res) {
  const pathname = pathnameOf(rec.path);
  const ct = (rec.headers['content-type'] || '').toLowerCase();
  if (rec.method === 'POST' && TRACE_PATHS.has(pathname)) {
    if (ct.includes('application/x-protobuf')) {
      // ExportTraceServiceResponse with no partial_success: zero bytes.
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': '0' });
      return res.end();
    }
    const body = '{}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    return res.end(body);
  }
  if (rec.method === 'POST' && pathname === INGESTION_PATH) {
    let ids = [];
    try {
      const parsed = JSON.parse(decodeBody(rec).toString('utf8'));
      ids = (parsed.batch || []).map((e) => e.id);
    } catch (err) {
      rec.note = `ingestion body not parseable: ${err.message}`;
    }
    const body = JSON.stringify({ successes: ids.map((id) => ({ id, status: 201 })), errors: [] });
    res.writeHead(207, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    return res.end(body);
  }
  if (pathname === '/upstream') {
    // stands in for the LLM provider the Worker calls
    const body = JSON.stringify({
      id: 'chatcmpl-fixture',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { prompt_tokens: 412, completion_tokens: 128 },
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    return res.end(body);
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

export async function startCapture() {
  const requests = [];
  let listeners = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const headers = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const k = req.rawHeaders[i].toLowerCase();
        const v = req.rawHeaders[i + 1];
        headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
      }
      const rec = {
        seq: requests.length + 1,
        receivedAt: Date.now(),
        method: req.method,
        path: req.url,
        headers,
        body: Buffer.concat(chunks),
      };
      requests.push(rec);
      try {
        answer(rec, res);
      } catch (err) {
        res.writeHead(500);
        res.end(String(err));
      }
      const ls = listeners;
      listeners = [];
      for (const l of ls) l();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  /** Resolves with the matching requests once `count` of them arrived, or with what is there after `timeoutMs`. */
  function waitFor(pred, count, timeoutMs) {
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(requests.filter(pred));
      };
      const onRequest = () => {
        if (done) return;
        if (requests.filter(pred).length >= count) finish();
        else listeners.push(onRequest);
      };
      const timer = setTimeout(finish, timeoutMs);
      onRequest();
    });
  }

  async function close() {
    await new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      server.closeAllConnections?.();
    });
  }

  return { url: `http://127.0.0.1:${port}`, port, requests, waitFor, close, decodeBody };
}

export { decodeBody };
