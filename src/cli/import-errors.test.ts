/**
 * The import command through the real CLI program: an unwritable rejects file is a clear one-line
 * error naming the path, and the workspace is left exactly as it was (the file is one transaction).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './testing/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'suitrate-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('suitrate import: I/O errors', () => {
  it('a rejects path in a missing folder fails with the path and reason, and stores nothing', async () => {
    const db = join(dir, 'w.duckdb');
    const file = join(dir, 'institutions.csv');
    writeFileSync(file, 'institution_id,name,kind\nI1,测试银行,bank\nI2,,bank\n');
    const bad = join(dir, 'no-such-folder', 'x.rejects.csv');
    const r = await runCli(['import', 'institutions', file, '--db', db, '--rejects', bad, '--lang', 'en', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot open ${bad}: no such file or directory (ENOENT)`);
    expect(r.err).not.toContain('    at ');
    const info = await runCli(['info', '--db', db, '--json']);
    expect(info.code).toBe(0);
    const tables = (JSON.parse(info.out) as { tables: Record<string, number> }).tables;
    expect(tables['institution']).toBe(0);
    expect(tables['import_batch']).toBe(0);
  });
});
