/**
 * The ceiling for the server benchmark: a bare node:http server that answers the same paths with
 * the same bytes (gzipped the same way), no routing, auth, validation or cache lookup. Reads
 * `{ path: base64 body }` JSON on stdin, prints its URL.
 */
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const bodies = new Map<string, { plain: Buffer; gz: Buffer | null }>();
for (const [path, b64] of Object.entries(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>)) {
  const plain = Buffer.from(b64, 'base64');
  bodies.set(path, { plain, gz: plain.byteLength >= 2048 ? gzipSync(plain, { level: 6 }) : null });
}
const server = createServer((req, res) => {
  const b = bodies.get(req.url ?? '');
  if (!b) {
    res.writeHead(404).end();
    return;
  }
  const gz = b.gz && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...(gz ? { 'Content-Encoding': 'gzip' } : {}) });
  res.end(gz ? b.gz : b.plain);
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
