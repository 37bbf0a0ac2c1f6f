import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openTempWorkspace, type TempWorkspace } from '../../store/temp-workspace.js';
import { appendAudit, GENESIS_HASH, readAudit, verifyAuditChain } from './audit-log.js';

let ws: TempWorkspace;
beforeEach(async () => {
  ws = await openTempWorkspace();
  const t = Date.UTC(2025, 0, 1);
  for (let i = 0; i < 5; i++) await appendAudit(ws.conn, { actor: 'alice', actorRole: 'legal', action: 'personal.view', target: `case:${i}`, detail: { i } }, new Date(t + i * 1000));
});
afterEach(() => ws.dispose());

describe('audit log', () => {
  it('chains each row to the previous one, starting from the genesis hash', async () => {
    const { entries, total } = await readAudit(ws.conn, { limit: 10, offset: 0 });
    expect(total).toBe(5);
    const asc = [...entries].reverse();
    expect(asc[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < asc.length; i++) expect(asc[i]?.prevHash).toBe(asc[i - 1]?.hash);
    expect(await verifyAuditChain(ws.conn)).toEqual({ ok: true, rows: 5, brokenAt: null, reason: null, head: entries[0]?.hash });
  });

  it('detects a row edited behind the application', async () => {
    await ws.conn.run("UPDATE audit_log SET target = 'case:other' WHERE seq = 3");
    expect(await verifyAuditChain(ws.conn)).toMatchObject({ ok: false, brokenAt: 3, reason: 'row content does not match its hash' });
  });

  it('detects a deleted row', async () => {
    await ws.conn.run('DELETE FROM audit_log WHERE seq = 2');
    expect(await verifyAuditChain(ws.conn)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('detects a rewritten tail even when the hashes were recomputed from the edit on (the link to the untouched row breaks)', async () => {
    await ws.conn.run("UPDATE audit_log SET prev_hash = 'x' WHERE seq = 4");
    expect(await verifyAuditChain(ws.conn)).toMatchObject({ ok: false, brokenAt: 4, reason: 'previous-hash link does not match' });
  });

  it('no code in the server updates or deletes audit rows (append-only by construction)', () => {
    const root = join(import.meta.dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && /(UPDATE|DELETE FROM)\s+audit_log/i.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
