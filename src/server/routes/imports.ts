/**
 * Imports through the server: the upload is saved under `<db>.uploads/<id>/`, imported with the
 * ingest area's importFile (same validation and rejects as the CLI) on the write connection, and
 * the rejects file is written beside it so it can be downloaded later. Rejects of imports run from
 * the CLI elsewhere on disk are not served (the server only serves files under its uploads folder).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { IMPORT_KINDS, isImportKind } from '../../domain/import.js';
import { importFile } from '../../ingest/import-file.js';
import { refreshMetricsCache } from '../../metrics/cache.js';
import { queryOne, queryRows } from '../../store/sql.js';
import type { IMPORT_ROUTES } from '../contract/imports.js';
import { HttpError, notFound } from '../errors.js';
import type { AppDeps, Handlers } from './handler.js';

export function uploadsRoot(deps: AppDeps): string {
  return `${deps.db.ws.path}.uploads`;
}

function safeName(name: string): string {
  const base = basename(name).replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(-120);
  return base === '' || base.startsWith('.') ? `upload${base}` : base;
}

function readRejects(path: string, limit: number): { line: number; column: string; code: string; message: string }[] {
  if (!existsSync(path)) return [];
  const rows = parse(readFileSync(path, 'utf8').replace(/^\ufeff/, ''), { columns: true, skip_empty_lines: true, to: limit }) as Record<string, string>[];
  return rows.map((r) => ({ line: Number(r['line'] ?? 0), column: r['column'] ?? '', code: r['code'] ?? '', message: r['message'] ?? '' }));
}

interface BatchRow extends Record<string, unknown> {
  batch_id: string;
  kind: string;
  source_file: string;
  started_at: string;
  finished_at: string | null;
  rows_read: number;
  rows_stored: number;
  rows_unchanged: number;
  rows_rejected: number;
  rejects_file: string | null;
}

function inside(root: string, file: string): boolean {
  const r = resolve(root) + sep;
  return resolve(file).startsWith(r);
}

export const importHandlers: Handlers<typeof IMPORT_ROUTES> = {
  async listImports({ query }, ctx) {
    const root = uploadsRoot(ctx.deps);
    const rows = await ctx.deps.db.read((conn) => queryRows<BatchRow>(conn, 'SELECT * FROM import_batch ORDER BY started_at DESC LIMIT ?', [query.limit]));
    return {
      kinds: [...IMPORT_KINDS],
      batches: rows.map((r) => ({
        batchId: r.batch_id,
        kind: r.kind,
        sourceFile: inside(root, r.source_file) ? basename(r.source_file) : r.source_file,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        read: r.rows_read,
        stored: r.rows_stored,
        unchanged: r.rows_unchanged,
        rejected: r.rows_rejected,
        hasRejects: r.rejects_file !== null && inside(root, r.rejects_file) && existsSync(r.rejects_file),
      })),
    };
  },

  async uploadImport(_input, ctx) {
    const { deps, c } = ctx;
    const len = Number(c.req.header('content-length') ?? '0');
    if (len > deps.options.maxUploadBytes) {
      throw new HttpError(413, { code: 'import.too_large', en: `The upload exceeds ${Math.round(deps.options.maxUploadBytes / 1048576)} MB (server.maxUploadMb).`, zh: `上传文件超过 ${Math.round(deps.options.maxUploadBytes / 1048576)} MB（server.maxUploadMb）。` });
    }
    if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      throw new HttpError(415, { code: 'import.not_multipart', en: 'Send the file as multipart/form-data with fields kind and file.', zh: '请以 multipart/form-data 发送，字段为 kind 和 file。' });
    }
    const form = await c.req.parseBody();
    const kind = form['kind'];
    const file = form['file'];
    if (typeof kind !== 'string' || !isImportKind(kind)) {
      throw new HttpError(400, { code: 'request.invalid', en: `Field kind must be one of ${IMPORT_KINDS.join(', ')}.`, zh: `字段 kind 必须是：${IMPORT_KINDS.join('、')}。` });
    }
    if (!(file instanceof File) || file.size === 0) throw new HttpError(400, { code: 'request.invalid', en: 'Field file is missing or empty.', zh: '缺少文件或文件为空。' });
    if (file.size > deps.options.maxUploadBytes) throw new HttpError(413, { code: 'import.too_large', en: 'The upload is too large.', zh: '上传文件过大。' });
    const dir = join(uploadsRoot(deps), randomUUID());
    mkdirSync(dir, { recursive: true });
    const path = join(dir, safeName(file.name));
    writeFileSync(path, Buffer.from(await file.arrayBuffer()));
    const rejectsPath = join(dir, 'rejects.csv');
    let summary;
    try {
      summary = await deps.db.write(async () => {
        const s = await importFile(deps.db.ws, { kind, file: path, rejectsPath, asOf: deps.now().toISOString().slice(0, 10) });
        // Keep the lawsuit-rate cache current (it is never used stale, but stale means slow).
        if (s.stored > 0) await refreshMetricsCache(deps.db.ws.conn, deps.config.metrics);
        return s;
      });
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    await ctx.audit('import.file', file.name, { kind, batchId: summary.batchId, read: summary.read, stored: summary.stored, unchanged: summary.unchanged, rejected: summary.rejected });
    const hasRejects = summary.rejectsFile !== null && existsSync(summary.rejectsFile);
    return {
      kind: summary.kind,
      source: file.name,
      batchId: summary.batchId,
      read: summary.read,
      stored: summary.stored,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      conflicts: summary.conflicts,
      rejectCodes: summary.rejectCodes,
      durationMs: summary.durationMs,
      format: summary.format,
      encoding: summary.encoding,
      ignoredColumns: summary.ignoredColumns,
      notes: summary.notes,
      rejects: hasRejects && summary.rejectsFile ? readRejects(summary.rejectsFile, 200) : [],
      hasRejects,
    };
  },

  async importRejects({ params }, ctx) {
    const row = await ctx.deps.db.read((conn) => queryOne<{ rejects_file: string | null; source_file: string }>(conn, 'SELECT rejects_file, source_file FROM import_batch WHERE batch_id = ?', [params.batchId]));
    const file = row?.rejects_file;
    if (!file || !inside(uploadsRoot(ctx.deps), file) || !existsSync(file)) throw notFound(`rejects of import ${params.batchId}`);
    await ctx.audit('import.rejects_download', params.batchId);
    const name = `${basename(row.source_file).replace(/\.[^.]+$/, '')}.rejects.csv`;
    return new Response(readFileSync(file), {
      status: 200,
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="rejects.csv"; filename*=UTF-8''${encodeURIComponent(name)}` },
    });
  },
};
