/** The CLI's --server mode against a real server: commands go through the API, not the DuckDB file. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMetricsCheck } from './test/remote-fixture.js';
import { registerRemote } from './cli-remote.js';
import { startHarness, type Harness } from './test/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: buildMetricsCheck });
  process.env['SUITRATE_USERNAME'] = 'analyst';
  process.env['SUITRATE_PASSWORD'] = h.passwords.analyst;
});
afterAll(async () => {
  delete process.env['SUITRATE_USERNAME'];
  delete process.env['SUITRATE_PASSWORD'];
  await h.dispose();
});

function program(): { program: Command; ran: string[] } {
  const ran: string[] = [];
  const p = new Command().exitOverride().option('--json').option('--csv');
  p.command('info').action(() => {
    ran.push('local info');
  });
  p.command('rate').option('--grain <g>').option('--slice <s>').option('--from <d>').option('--to <d>').option('--filter <f>', '', (v: string, prev: string[] = []) => [...prev, v]).action(() => {
    ran.push('local rate');
  });
  p.command('user').command('list').action(() => {
    ran.push('local user list');
  });
  registerRemote(p);
  return { program: p, ran };
}

async function run(args: string[]): Promise<{ code: number; out: string; ran: string[]; err?: unknown }> {
  const { program: p, ran } = program();
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await p.parseAsync(['node', 'suitrate', ...args]);
    return { code: 0, out, ran };
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    if (typeof code !== 'number') throw err;
    return { code, out, ran, err };
  } finally {
    spy.mockRestore();
  }
}

describe('--server', () => {
  it('sends info to the server instead of running the local action', async () => {
    const r = await run(['--server', h.server.url, 'info', '--json']);
    expect(r.code).toBe(0);
    expect(r.ran).toEqual([]);
    expect(JSON.parse(r.out)).toMatchObject({ path: h.server.dbPath, schemaVersion: h.server.deps.db.ws.schemaVersion });
  });

  it('sends rate with its options and prints the same result as the API', async () => {
    const r = await run(['--server', h.server.url, 'rate', '--json', '--grain', 'quarter', '--from', '2024-01-01', '--to', '2024-06-30']);
    const api = await (await h.as('analyst')).call('rate', { query: { grain: 'quarter', from: '2024-01-01', to: '2024-06-30' } });
    expect(JSON.parse(r.out)).toEqual(api);
  });

  it('passes --filter through as the API filters', async () => {
    const r = await run(['--server', h.server.url, 'rate', '--json', '--grain', 'quarter', '--from', '2024-01-01', '--to', '2024-06-30', '--filter', 'institution=A']);
    const api = await (await h.as('analyst')).call('rate', { query: { grain: 'quarter', from: '2024-01-01', to: '2024-06-30', filters: JSON.stringify({ institution: ['A'] }) } });
    expect(JSON.parse(r.out)).toEqual(api);
    expect(api.query.filters).toEqual({ institution: ['A'] });
  });

  it('works with the real CLI program: rate and import go through the server', async () => {
    const { buildProgram } = await import('../cli/main.js');
    const capture = async (args: string[]): Promise<{ out: string; code: number | undefined }> => {
      let out = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
        out += String(s);
        return true;
      });
      try {
        await buildProgram().parseAsync(['node', 'suitrate', ...args]);
        return { out, code: 0 };
      } catch (err) {
        return { out, code: (err as { exitCode?: number }).exitCode };
      } finally {
        spy.mockRestore();
      }
    };
    const rate = await capture(['--server', h.server.url, 'rate', '--json', '--grain', 'quarter', '--from', '2024-01-01', '--to', '2024-06-30', '--filter', 'institution=A']);
    expect(rate.code).toBe(0);
    expect(JSON.parse(rate.out).query.filters).toEqual({ institution: ['A'] });
    const dir = mkdtempSync(join(tmpdir(), 'suitrate-remote-'));
    try {
      const file = join(dir, 'institutions.csv');
      writeFileSync(file, 'institution_id,name,kind\nZ9,远程导入测试有限公司,consumer_finance\nZ8,,bank\n');
      const imp = await capture(['--server', h.server.url, 'import', 'institutions', file, '--json']);
      expect(imp.code).toBe(1); // a row was rejected and --accept-rejects was not given
      expect(JSON.parse(imp.out)).toMatchObject({ read: 2, stored: 1, rejected: 1 });
      expect(readFileSync(join(dir, 'institutions.rejects.csv'), 'utf8')).toContain('name');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses commands it cannot send, saying which ones it can', async () => {
    const r = await run(['--server', h.server.url, 'user', 'list']);
    expect(r.err).toMatchObject({ code: 'remote.unsupported' });
    expect(String((r.err as Error).message)).toContain('info, import, rate');
    expect(r.ran).toEqual([]);
  });
});
