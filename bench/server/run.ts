/**
 * Server benchmark: autocannon on loopback, 100 concurrent clients, against the overview and
 * rate-explorer endpoints of a served workspace (default: the 10M-loan one from make-workspace.ts).
 * The server runs in a child process so the load generator does not share its event loop.
 * Reports, per endpoint set: the first (uncached) latency of each query, then p50/p90/p99/max
 * latency, requests/s, errors and non-2xx responses under load.
 *
 *   npx tsx bench/server/run.ts [--db bench/out/server-10m.duckdb] [--duration 20] [--connections 100]
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createUser, findUser, setPassword } from '../../src/server/auth/users.js';
import { ApiClient } from '../../src/server/client.js';
import { openWorkspace } from '../../src/store/workspace.js';
import { queryOne } from '../../src/store/sql.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'bench/out/server-10m.duckdb' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '100' },
  },
});
const db = resolve(values.db);
const duration = Number(values.duration);
const connections = Number(values.connections);

const password = randomBytes(18).toString('base64url');
const ws = await openWorkspace(db, { mustExist: true });
const loans = (await queryOne<{ n: number }>(ws.conn, 'SELECT count(*) AS n FROM loan'))?.n ?? 0;
const disputes = (await queryOne<{ n: number }>(ws.conn, 'SELECT count(*) AS n FROM dispute'))?.n ?? 0;
if (await findUser(ws.conn, 'bench')) await setPassword(ws.conn, 'bench', password);
else await createUser(ws.conn, { username: 'bench', role: 'analyst', password });
ws.close();

const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'serve.ts'), '--db', db], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((res, rej) => {
  createInterface({ input: child.stdout }).once('line', res);
  child.once('exit', (code) => rej(new Error(`server exited with ${code}`)));
});

const client = new ApiClient(url);
await client.login('bench', password);
const cookie = `suitrate_session=${(client as unknown as { cookies: Map<string, string> }).cookies.get('suitrate_session')}`;

async function timed(path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url + path, { headers: { cookie } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t;
}

/** CPU time (user + system, ms) the server process has used so far, from /proc (Linux). */
function serverCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
  } catch {
    return Number.NaN;
  }
}

interface Row {
  name: string;
  paths: string[];
  cold: number[];
  p50: number;
  p90: number;
  p99: number;
  max: number;
  rps: number;
  requests: number;
  errors: number;
  non2xx: number;
  cpuPerReq: number;
  load: string;
}

const bodies: Record<string, string> = {};

async function load(name: string, paths: string[], target = url, pid = child.pid): Promise<Row> {
  const cold: number[] = [];
  if (target === url) {
    for (const p of paths) cold.push(await timed(p));
    for (const p of paths) bodies[p] = Buffer.from(await (await fetch(url + p, { headers: { cookie, 'accept-encoding': 'identity' } })).arrayBuffer()).toString('base64');
  }
  const cpu0 = serverCpuMs(pid);
  const load0 = loadavg()[0] ?? 0;
  const r = await autocannon({
    url: target,
    connections,
    duration,
    // Browsers always send this; large cached results are then served from their stored gzip form.
    headers: { cookie, 'accept-encoding': 'gzip, deflate, br' },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const cpuPerReq = (serverCpuMs(pid) - cpu0) / Math.max(1, r.requests.total);
  return {
    name,
    paths,
    cold,
    cpuPerReq,
    load: `${load0.toFixed(1)}→${(loadavg()[0] ?? 0).toFixed(1)}`,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    rps: r.requests.average,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

const features = (await client.call('me', {})).features;
const sets: [string, string[]][] = [];
if (features.includes('overview')) sets.push(['overview', ['/api/overview']]);
sets.push([
  'rate explorer',
  [
    '/api/rate',
    '/api/rate?grain=quarter&slice=institution',
    '/api/rate?grain=month&slice=province',
    '/api/rate?grain=quarter&slice=product%2Cchannel',
    '/api/rate?grain=year&slice=vintage',
    '/api/rate?grain=quarter&slice=cause_category&definition=per-balance',
  ],
]);

const rows: Row[] = [];
for (const [name, paths] of sets) rows.push(await load(name, paths));
child.kill('SIGTERM');

// Peer in the same run: a bare node:http server answering the same paths with the same bytes.
const bare = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'bare.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
bare.stdin.end(JSON.stringify(bodies));
const bareUrl = await new Promise<string>((res) => createInterface({ input: bare.stdout }).once('line', res));
const peers: Row[] = [];
for (const [name, paths] of sets) peers.push({ ...(await load(`${name}, bare node:http peer`, paths, bareUrl, bare.pid)), cold: [] });
bare.kill('SIGTERM');

const cpu = cpus()[0]?.model ?? 'unknown';
const lines = [
  `Workspace: ${loans.toLocaleString('en-US')} loans, ${disputes.toLocaleString('en-US')} disputes (${db}).`,
  `Machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; shared with other engineers' jobs during the run. ${new Date().toISOString().slice(0, 10)}.`,
  `Load: autocannon, ${connections} connections, ${duration} s per endpoint set, loopback, signed-in analyst session, Accept-Encoding: gzip as browsers send it; server in a child process.`,
  '',
  '| endpoints | first (uncached) ms per query | p50 ms | p90 ms | p99 ms | max ms | req/s | requests | errors | non-2xx | server CPU ms/req | load avg (1 min) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...[...rows, ...peers].map((r) => `| ${r.name} (${r.paths.length} queries) | ${r.cold.map((c) => c.toFixed(0)).join(' / ')} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.rps.toFixed(0)} | ${r.requests} | ${r.errors} | ${r.non2xx} | ${r.cpuPerReq.toFixed(2)} | ${r.load} |`),
];
lines.push('', ...rows.map((r, i) => `${r.name}: p99 ${(r.p99 / Math.max(1, peers[i]?.p99 ?? 1)).toFixed(2)}× the bare peer's, throughput ${(r.rps / Math.max(1, peers[i]?.rps ?? 1)).toFixed(2)}× its req/s`));
process.stdout.write(lines.join('\n') + '\n');
const ok = rows.every((r) => r.p99 < 200 && r.errors === 0 && r.non2xx === 0);
process.stdout.write(ok ? 'PASS: p99 < 200 ms, no errors\n' : 'FAIL: target p99 < 200 ms with no errors not met\n');
process.exitCode = ok ? 0 : 1;
