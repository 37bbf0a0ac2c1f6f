/**
 * Serves the built web app (web/dist). Vite names bundles by content hash under /assets/, so those
 * are cached for a year (immutable); index.html and other files are revalidated every time
 * (no-cache + ETag). Unknown non-API paths get index.html (client-side routing).
 */
import type { Context } from 'hono';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

interface Loaded {
  body: Buffer;
  etag: string;
  type: string;
}

export function staticHandler(root: string) {
  const memo = new Map<string, Loaded>();
  const load = (file: string): Loaded | undefined => {
    const m = memo.get(file);
    if (m) return m;
    if (!existsSync(file) || !statSync(file).isFile()) return undefined;
    const body = readFileSync(file);
    const loaded = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"`, type: TYPES[extname(file)] ?? 'application/octet-stream' };
    memo.set(file, loaded);
    return loaded;
  };
  return (c: Context): Response => {
    const urlPath = decodeURIComponent(new URL(c.req.url).pathname);
    const rel = normalize(urlPath).replace(/^([/\\])+/, '');
    let file = join(root, rel);
    if (!file.startsWith(root + sep) && file !== root) return c.text('Not found', 404);
    let loaded = rel === '' ? undefined : load(file);
    const isAsset = rel.startsWith(`assets${sep}`) || rel.startsWith('assets/');
    if (!loaded) {
      if (isAsset || extname(rel) !== '') return c.text('Not found', 404);
      file = join(root, 'index.html');
      loaded = load(file);
      if (!loaded) return c.text('The web app is not built: run npm run build:web', 503);
    }
    const headers: Record<string, string> = {
      'Content-Type': loaded.type,
      ETag: loaded.etag,
      'Cache-Control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (c.req.header('if-none-match') === loaded.etag) return new Response(null, { status: 304, headers });
    return new Response(loaded.body, { status: 200, headers });
  };
}
