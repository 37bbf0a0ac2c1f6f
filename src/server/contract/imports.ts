/** Uploading files into the workspace, the import history and rejects files. */
import { z } from 'zod';
import { IMPORT_KINDS } from '../../domain/import.js';
import { FileBody, route } from './define.js';

export const RejectRowSchema = z.object({ line: z.number().int(), column: z.string(), code: z.string(), message: z.string() });

export const ImportBatchSchema = z.object({
  batchId: z.string(),
  kind: z.string(),
  sourceFile: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  read: z.number().int(),
  stored: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  hasRejects: z.boolean(),
});

export const ImportResultSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  source: z.string(),
  batchId: z.string(),
  read: z.number().int(),
  stored: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  conflicts: z.number().int(),
  rejectCodes: z.record(z.string(), z.number().int()),
  durationMs: z.number(),
  format: z.string(),
  encoding: z.string(),
  ignoredColumns: z.array(z.string()),
  notes: z.array(z.string()),
  /** The first rejects (up to 200); the whole file is downloadable. */
  rejects: z.array(RejectRowSchema),
  hasRejects: z.boolean(),
});

export const UploadForm = z.object({ kind: z.enum(IMPORT_KINDS), file: z.string().describe('the file (CSV, XLSX, JSONL; court documents for kind=cases)') });

export const IMPORT_ROUTES = {
  listImports: route({
    method: 'get',
    path: '/api/imports',
    access: 'imports.read',
    tag: 'imports',
    summary: 'Import history (newest first)',
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    response: z.object({ kinds: z.array(z.enum(IMPORT_KINDS)), batches: z.array(ImportBatchSchema) }),
  }),
  uploadImport: route({
    method: 'post',
    path: '/api/imports',
    access: 'imports.write',
    tag: 'imports',
    kind: 'upload',
    summary: 'Upload one file (multipart: kind, file) and import it; returns the validation report',
    form: UploadForm,
    response: ImportResultSchema,
  }),
  importRejects: route({
    method: 'get',
    path: '/api/imports/{batchId}/rejects',
    access: 'imports.read',
    tag: 'imports',
    kind: 'file',
    summary: 'Download the rejects file (line, column, code, message) of an upload',
    params: z.object({ batchId: z.string().min(1).max(64) }),
    response: FileBody,
  }),
} as const;
