/**
 * Start the server on a workspace: open it (the server becomes its only writer), write the
 * `<db>.server.json` endpoint file, listen, and return the URL and a close function that undoes all
 * of that. Used by `suitrate serve`, the demo and the tests.
 */
import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { ConfigSchema, type Config } from '../config/config.js';
import { AppError } from '../domain/errors.js';
import { openWorkspace } from '../store/workspace.js';
import { createApp } from './app.js';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottleConfig } from './auth/rate-limit.js';
import { SessionStore } from './auth/sessions.js';
import { ResultCache } from './cache.js';
import { ServerDb } from './db.js';
import { warmOverview } from './routes/overview.js';
import { endpointFile, readEndpoint, removeEndpoint, writeEndpoint } from './lockfile.js';
import type { AppDeps, ServerOptions } from './routes/handler.js';

export interface StartOptions {
  dbPath: string;
  /** The loaded configuration (default: all defaults). */
  config?: Config;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** 0 = a free port chosen by the OS. Default 8080. */
  port?: number;
  /** Folder of the built web app; default: web/dist of this package when it exists. */
  webDist?: string | null;
  secureCookies?: ServerOptions['secureCookies'];
  trustProxy?: boolean;
  maxUploadBytes?: number;
  /** Read connections in the pool (default 4). */
  readers?: number;
  throttle?: Partial<ThrottleConfig>;
  /** Result cache size in bytes (default 64 MiB). */
  cacheBytes?: number;
  /** Injected clock for tests. */
  now?: () => Date;
  /** Write the `<db>.server.json` endpoint file (default true). */
  endpointFile?: boolean;
  /** Compute the default overview into the cache at start and after each data change (default true). */
  warm?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  dbPath: string;
  deps: AppDeps;
  close(): Promise<void>;
}

/** web/dist next to the package root: two levels up from src/server or dist/server. */
export function defaultWebDist(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidate = resolve(here, '..', '..', 'web', 'dist');
  return existsSync(join(candidate, 'index.html')) ? candidate : undefined;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const dbPath = resolve(opts.dbPath);
  const running = readEndpoint(dbPath);
  if (running && running.pid !== process.pid) {
    throw new AppError({
      code: 'server.already_running',
      en: `A server already holds ${dbPath} at ${running.url} (pid ${running.pid}).`,
      zh: `已有服务器在使用 ${dbPath}：${running.url}（进程号 ${running.pid}）。`,
      exitCode: 3,
    });
  }
  const ws = await openWorkspace(dbPath);
  const db = await ServerDb.open(ws, opts.readers ?? 4);
  const uploadDir = join(tmpdir(), `suitrate-uploads-${process.pid}`);
  mkdirSync(uploadDir, { recursive: true });
  const deps: AppDeps = {
    db,
    config: opts.config ?? ConfigSchema.parse({}),
    sessions: new SessionStore(),
    throttle: { user: new LoginThrottle(opts.throttle?.user ?? DEFAULT_THROTTLE.user), ip: new LoginThrottle(opts.throttle?.ip ?? DEFAULT_THROTTLE.ip) },
    cache: new ResultCache(opts.cacheBytes),
    options: {
      secureCookies: opts.secureCookies ?? 'auto',
      trustProxy: opts.trustProxy ?? false,
      maxUploadBytes: opts.maxUploadBytes ?? 512 * 1024 * 1024,
      uploadDir,
    },
    now: opts.now ?? (() => new Date()),
    webDist: opts.webDist === null ? undefined : (opts.webDist ?? defaultWebDist()),
  };
  const app = createApp(deps);
  const host = opts.host ?? '127.0.0.1';
  let server: ServerType;
  const port = await new Promise<number>((res, rej) => {
    server = serve({ fetch: app.fetch, hostname: host, port: opts.port ?? 8080 }, (info: AddressInfo) => res(info.port));
    server.once('error', rej);
  }).catch((err: unknown) => {
    db.close();
    throw new AppError({ code: 'server.listen', en: `Cannot listen on ${host}:${opts.port ?? 8080}: ${String(err)}`, zh: `无法在 ${host}:${opts.port ?? 8080} 监听：${String(err)}`, cause: err });
  });
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}`;
  const writeFile = opts.endpointFile !== false;
  if (writeFile) writeEndpoint({ url, pid: process.pid, dbPath, startedAt: new Date().toISOString() });
  let closed = false;
  let warming: Promise<void> = Promise.resolve();
  if (opts.warm !== false) {
    let timer: NodeJS.Timeout | undefined;
    const warm = (): void => {
      warming = warming.then(() => (closed ? undefined : warmOverview(deps))).catch((err: unknown) => {
        if (!closed) process.stderr.write(`suitrate serve: warming the overview failed: ${err instanceof Error ? err.message : String(err)}\n`);
      });
    };
    db.onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(warm, 2_000);
    };
    warm();
  }
  return {
    url,
    port,
    dbPath,
    deps,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((res) => {
        server.close(() => res());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      if (writeFile) removeEndpoint(dbPath);
      db.onChange = undefined;
      db.interrupt();
      await warming;
      db.close();
    },
  };
}

export { endpointFile };
