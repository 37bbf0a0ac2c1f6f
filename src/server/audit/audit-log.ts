/**
 * The append-only audit log. The only write path is {@link appendAudit}: no code updates or deletes
 * rows. Each row stores the hash of the previous row and a SHA-256 over its own content, so editing or
 * removing a row outside the application breaks the chain, which {@link verifyAuditChain} reports.
 * Appends are serialized by the caller (the server's write lock) so seq and prev_hash are consistent.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { exec, queryOne, queryRows } from '../../store/sql.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryInput {
  actor: string | null;
  actorRole: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string | null;
  actorRole: string | null;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
  prevHash: string;
  hash: string;
}

interface AuditRow extends Record<string, unknown> {
  seq: number;
  at: string;
  actor: string | null;
  actor_role: string | null;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export function auditRowHash(e: Omit<AuditEntry, 'hash'>): string {
  const parts = [e.prevHash, String(e.seq), e.at, e.actor ?? '', e.actorRole ?? '', e.action, e.target ?? '', e.detail ?? '', e.ip ?? ''];
  return createHash('sha256').update(parts.map((p) => `${p.length}:${p}`).join('|')).digest('hex');
}

function fromRow(r: AuditRow): AuditEntry {
  return { seq: r.seq, at: r.at, actor: r.actor, actorRole: r.actor_role, action: r.action, target: r.target, detail: r.detail, ip: r.ip, prevHash: r.prev_hash, hash: r.hash };
}

/** Append one entry; `now` is injected (ISO timestamp, millisecond precision). */
export async function appendAudit(conn: DuckDBConnection, input: AuditEntryInput, now: Date): Promise<AuditEntry> {
  const last = await queryOne<{ seq: number; hash: string }>(conn, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const entry: Omit<AuditEntry, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: now.toISOString(),
    actor: input.actor,
    actorRole: input.actorRole,
    action: input.action,
    target: input.target ?? null,
    detail: input.detail ? JSON.stringify(input.detail) : null,
    ip: input.ip ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = auditRowHash(entry);
  await exec(conn, 'INSERT INTO audit_log (seq, logged_at, actor, actor_role, action, target, detail, ip, prev_hash, hash) VALUES (?, ?::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?)', [
    entry.seq,
    entry.at.replace('T', ' ').replace('Z', ''),
    entry.actor,
    entry.actorRole,
    entry.action,
    entry.target,
    entry.detail,
    entry.ip,
    entry.prevHash,
    hash,
  ]);
  return { ...entry, hash };
}

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  limit: number;
  offset: number;
}

const SELECT = "SELECT seq, strftime(logged_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, actor, actor_role, action, target, detail, ip, prev_hash, hash FROM audit_log";

export async function readAudit(conn: DuckDBConnection, q: AuditQuery): Promise<{ total: number; entries: AuditEntry[] }> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (q.actor) {
    where.push('actor = ?');
    params.push(q.actor);
  }
  if (q.action) {
    where.push('action LIKE ?');
    params.push(`${q.action}%`);
  }
  const w = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const total = (await queryOne<{ n: number }>(conn, `SELECT count(*) AS n FROM audit_log${w}`, params))?.n ?? 0;
  const rows = await queryRows<AuditRow>(conn, `${SELECT}${w} ORDER BY seq DESC LIMIT ? OFFSET ?`, [...params, q.limit, q.offset]);
  return { total, entries: rows.map(fromRow) };
}

export interface ChainCheck {
  ok: boolean;
  rows: number;
  /** First sequence number whose stored hash or link does not match, when not ok. */
  brokenAt: number | null;
  reason: string | null;
  /** Hash of the last row: record it outside the workspace (e.g. in a ticket) to anchor the chain, since
   * someone who can write the file could otherwise rebuild every hash after an edit. */
  head: string;
}

/** Recompute the whole chain. Streams in pages so a long log does not load at once. */
export async function verifyAuditChain(conn: DuckDBConnection): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  const page = 10_000;
  for (let offset = 0; ; offset += page) {
    const batch = await queryRows<AuditRow>(conn, `${SELECT} ORDER BY seq LIMIT ? OFFSET ?`, [page, offset]);
    for (const r of batch) {
      const e = fromRow(r);
      rows++;
      if (e.seq !== expectedSeq) return { ok: false, rows, brokenAt: e.seq, reason: `sequence gap: expected ${expectedSeq}`, head: prev };
      if (e.prevHash !== prev) return { ok: false, rows, brokenAt: e.seq, reason: 'previous-hash link does not match', head: prev };
      if (auditRowHash(e) !== e.hash) return { ok: false, rows, brokenAt: e.seq, reason: 'row content does not match its hash', head: prev };
      prev = e.hash;
      expectedSeq++;
    }
    if (batch.length < page) break;
  }
  return { ok: true, rows, brokenAt: null, reason: null, head: prev };
}
