/**
 * A workspace is one DuckDB file (default ./suitrate.duckdb) plus a sidecar secret file
 * (`<db>.key`, mode 0600) holding the key for personal-data pseudonyms. Migrations run on open;
 * a file migrated by newer code is refused. DuckDB allows one writing process per file: when another
 * process holds it we say so clearly (and `suitrate serve` offers its API for that case).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../domain/errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations/index.js';
import { dropOrphanSegments, SEGMENTED } from './segments.js';
import { exec, inTransaction, queryOne, queryRows } from './sql.js';

export const DEFAULT_DB_PATH = 'suitrate.duckdb';
export const SECRET_ENV = 'SUITRATE_PSEUDONYM_KEY';

export interface Workspace {
  readonly path: string;
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
  /** Key for keyed pseudonyms (HMAC) of personal identifiers. */
  readonly secret: Buffer;
  readonly schemaVersion: number;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Fail instead of creating a new file when the path does not exist. */
  mustExist?: boolean;
  /** DuckDB threads (default: DuckDB's own choice). */
  threads?: number;
  memoryLimit?: string;
}

function lockError(path: string, cause: unknown): AppError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  const pid = /PID (\d+)/.exec(msg)?.[1];
  // `suitrate serve` writes <db>.server.json (url, pid) while it holds the file.
  let served: { url: string; pid: number } | undefined;
  try {
    const e = JSON.parse(readFileSync(`${path}.server.json`, 'utf8')) as { url?: unknown; pid?: unknown };
    if (typeof e.url === 'string' && typeof e.pid === 'number') served = { url: e.url, pid: e.pid };
  } catch {
    served = undefined;
  }
  if (served) {
    return new AppError({
      code: 'workspace.served',
      en: `The workspace ${path} is held by \`suitrate serve\` at ${served.url} (pid ${served.pid}). Use the dashboard at ${served.url}, or send the command to the server with --server ${served.url} (supported: import, rate, info; sign in with SUITRATE_USERNAME and SUITRATE_PASSWORD or SUITRATE_PASSWORD_FILE), or stop the server and retry.`,
      zh: `工作区 ${path} 正由 \`suitrate serve\` 使用，地址 ${served.url}（进程号 ${served.pid}）。请在 ${served.url} 的网页端操作，或加上 --server ${served.url} 让服务器执行该命令（支持 import、rate、info；用 SUITRATE_USERNAME 与 SUITRATE_PASSWORD 或 SUITRATE_PASSWORD_FILE 登录），或先停止服务器再重试。`,
      cause,
      exitCode: 3,
    });
  }
  return new AppError({
    code: 'workspace.locked',
    en: `The workspace ${path} is in use by another process${pid ? ` (pid ${pid})` : ''}. If \`suitrate serve\` is running on it, use the dashboard or pass --server <url> to send the command to the server; otherwise stop that process and retry.`,
    zh: `工作区 ${path} 正被另一个进程占用${pid ? `（进程号 ${pid}）` : ''}。如果 \`suitrate serve\` 正在使用它，请通过网页端操作或使用 --server <地址> 让服务器执行该命令；否则请先停止该进程再重试。`,
    cause,
    exitCode: 3,
  });
}

/** Load the pseudonym key: env var (hex) first, else the sidecar file, created on first use. */
export function loadSecret(dbPath: string, create: boolean): Buffer {
  const fromEnv = process.env[SECRET_ENV];
  if (fromEnv && fromEnv.trim() !== '') {
    const key = Buffer.from(fromEnv.trim(), 'hex');
    if (key.length < 16) {
      throw new AppError({ code: 'config.secret', en: `${SECRET_ENV} must be at least 32 hex characters`, zh: `${SECRET_ENV} 至少需要 32 个十六进制字符` });
    }
    return key;
  }
  if (dbPath === ':memory:') return randomBytes(32);
  const keyPath = `${dbPath}.key`;
  if (existsSync(keyPath)) return Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'hex');
  if (!create) {
    throw new AppError({
      code: 'workspace.no_secret',
      en: `The pseudonym key ${keyPath} is missing. Restore it from backup or set ${SECRET_ENV}; without it new imports cannot be matched to existing customers.`,
      zh: `缺少假名化密钥文件 ${keyPath}。请从备份恢复或设置 ${SECRET_ENV}；否则新导入的数据无法与已有客户匹配。`,
    });
  }
  const key = randomBytes(32);
  writeFileSync(keyPath, key.toString('hex') + '\n', { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  return key;
}

async function appliedVersions(conn: DuckDBConnection): Promise<Set<number>> {
  const t = await queryOne<{ n: number }>(conn, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'suitrate_migration'");
  if (!t || t.n === 0) return new Set();
  const rows = await queryRows<{ version: number }>(conn, 'SELECT version FROM suitrate_migration');
  return new Set(rows.map((r) => r.version));
}

async function currentVersion(conn: DuckDBConnection): Promise<number> {
  let max = 0;
  for (const v of await appliedVersions(conn)) max = Math.max(max, v);
  return max;
}

/**
 * Apply pending migrations in version order, each in its own transaction. Every applied version is
 * recorded, so a migration numbered below one already applied (module ranges are interleaved) is
 * still applied once. A file carrying a version this build does not know was written by newer code
 * and is refused.
 */
export async function migrate(conn: DuckDBConnection, path: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const applied = await appliedVersions(conn);
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v)).sort((a, b) => a - b);
  if (unknown.length > 0) {
    const have = Math.max(...applied);
    throw new AppError({
      code: 'workspace.too_new',
      en: `The workspace ${path} has schema version ${have} (migrations ${unknown.join(', ')} unknown here), written by a newer suitrate; this build knows versions up to ${latest}. Upgrade suitrate to open it.`,
      zh: `工作区 ${path} 的结构版本为 ${have}（本版本不认识迁移 ${unknown.join('、')}），由更新版本的 suitrate 写入；当前版本最高只支持 ${latest}。请升级 suitrate 后再打开。`,
      exitCode: 3,
    });
  }
  await exec(conn, 'CREATE TABLE IF NOT EXISTS suitrate_migration (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)');
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    await inTransaction(conn, async () => {
      await conn.run(m.sql);
      await exec(conn, 'INSERT INTO suitrate_migration VALUES (?, ?, current_timestamp)', [m.version, m.name]);
    });
  }
  return latest;
}

/** True when every known migration has been applied. */
async function upToDate(conn: DuckDBConnection): Promise<boolean> {
  const applied = await appliedVersions(conn);
  return MIGRATIONS.every((m) => applied.has(m.version));
}

export async function openWorkspace(path: string = DEFAULT_DB_PATH, opts: OpenOptions = {}): Promise<Workspace> {
  const full = path === ':memory:' ? path : resolve(path);
  const exists = full === ':memory:' || existsSync(full);
  if (!exists && (opts.mustExist || opts.readOnly)) {
    throw new AppError({
      code: 'workspace.missing',
      en: `No workspace at ${full}. Import data first (suitrate import …) or run suitrate demo, or pass --db PATH.`,
      zh: `${full} 处没有工作区。请先导入数据（suitrate import …）或运行 suitrate demo，或用 --db 指定路径。`,
    });
  }
  if (full !== ':memory:') mkdirSync(dirname(full), { recursive: true });
  const config: Record<string, string> = {};
  if (opts.readOnly) config['access_mode'] = 'READ_ONLY';
  if (opts.threads) config['threads'] = String(opts.threads);
  if (opts.memoryLimit) config['memory_limit'] = opts.memoryLimit;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(full, config);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/lock/i.test(msg)) throw lockError(full, err);
    throw new AppError({ code: 'workspace.open', en: `Cannot open workspace ${full}: ${msg}`, zh: `无法打开工作区 ${full}：${msg}`, cause: err });
  }
  const conn = await instance.connect();
  const secret = loadSecret(full, !opts.readOnly);
  let schemaVersion: number;
  try {
    if (opts.readOnly) {
      schemaVersion = await currentVersion(conn);
      if (schemaVersion > LATEST_SCHEMA_VERSION) await migrate(conn, full); // throws too_new
      if (!(await upToDate(conn))) {
        throw new AppError({ code: 'workspace.outdated', en: `The workspace ${full} needs migrating; open it once without read-only mode.`, zh: `工作区 ${full} 需要升级结构，请先以读写模式打开一次。` });
      }
    } else {
      schemaVersion = await migrate(conn, full);
      await dropOrphanSegments(conn);
    }
  } catch (err) {
    conn.closeSync();
    instance.closeSync();
    throw err;
  }
  return {
    path: full,
    instance,
    conn,
    secret,
    schemaVersion,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Row counts of the user tables, for `suitrate info` and tests: the base tables, with the segmented
 * ones (D13) under their logical names (installment, repayment) instead of their physical parts.
 */
export async function tableCounts(conn: DuckDBConnection): Promise<Record<string, number>> {
  const rows = await queryRows<{ table_name: string }>(conn, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name");
  const segmentParts = /^(installment|repayment)_(base|s_[0-9a-z]+)$/;
  const names = rows.map((r) => r.table_name).filter((n) => !segmentParts.test(n));
  const tables = [...names, ...Object.keys(SEGMENTED)].sort().map((table_name) => ({ table_name }));
  const out: Record<string, number> = {};
  for (const { table_name } of tables) {
    const r = await queryOne<{ n: number }>(conn, `SELECT count(*) AS n FROM "${table_name}"`);
    out[table_name] = r?.n ?? 0;
  }
  return out;
}
