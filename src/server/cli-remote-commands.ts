/** Commands the CLI can send to a running server with --server (see cli-remote.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../domain/errors.js';
import { isImportKind } from '../domain/import.js';
import type { RemoteHandler } from './cli-remote.js';
import type { CallOutput } from './contract/call.js';

type ImportResult = CallOutput<'uploadImport'>;

const importCommand: RemoteHandler = async ({ client, cmd, args, print, lang }) => {
  // `import <kind> <file>`, or `import <kind>` as a subcommand with `<file>`
  const sub = cmd.parent?.name() === 'import';
  const kind = sub ? cmd.name() : args[0];
  const file = sub ? args[0] : args[1];
  if (!kind || !file || !isImportKind(kind)) {
    throw new AppError({ code: 'remote.usage', en: 'usage with --server: suitrate import <kind> <file>', zh: '--server 用法：suitrate import <类型> <文件>' });
  }
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', new File([readFileSync(file)], basename(file)));
  const r = (await (await client.raw('uploadImport', {}, form)).json()) as ImportResult;
  if (r.hasRejects) {
    const rejects = await (await client.raw('importRejects', { params: { batchId: r.batchId } })).text();
    const out = file.replace(/\.[^./]+$/, '') + '.rejects.csv';
    writeFileSync(out, rejects);
    process.stderr.write(lang === 'zh' ? `拒绝文件：${out}\n` : `rejects: ${out}\n`);
  }
  print(r, [{ title: `${r.source} (${r.kind}, via server)`, columns: ['read', 'stored', 'unchanged', 'rejected'], rows: [[r.read, r.stored, r.unchanged, r.rejected]] }]);
  const accept = cmd.opts<{ acceptRejects?: boolean }>().acceptRejects === true;
  return r.rejected > 0 && !accept ? 1 : 0;
};

/** `--filter dim=v1,v2` (repeatable) → the API's JSON filters. */
function filtersJson(list: readonly string[] | undefined): string | undefined {
  if (!list || list.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const f of list) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new AppError({ code: 'remote.usage', en: `--filter must be dim=v1,v2 (got ${f})`, zh: `--filter 的格式应为 维度=值1,值2（收到 ${f}）` });
    out[f.slice(0, eq)] = f.slice(eq + 1).split(',').map((v) => v.trim()).filter((v) => v !== '');
  }
  return JSON.stringify(out);
}

const rateCommand: RemoteHandler = async ({ client, cmd, print }) => {
  const o = cmd.opts<{ definition?: string; slice?: string; grain?: string; from?: string; to?: string; asOf?: string; rolling?: string; filter?: string[]; vs?: string; listDefinitions?: boolean }>();
  if (o.vs || o.listDefinitions) {
    throw new AppError({ code: 'remote.unsupported', en: 'rate --vs and --list-definitions are not available with --server; use the dashboard’s rate explorer', zh: '--server 模式下不支持 rate --vs 和 --list-definitions，请使用网页端的起诉率分析' });
  }
  const grain = o.grain === 'month' || o.grain === 'quarter' || o.grain === 'year' || o.grain === 'all' ? o.grain : undefined;
  const r = await client.call('rate', { query: { definition: o.definition, slice: o.slice, grain, from: o.from, to: o.to, asOf: o.asOf, rolling: o.rolling ? Number(o.rolling) : undefined, filters: filtersJson(o.filter) } });
  const dims = r.query.slice;
  const rows = (dims.length ? r.cells : r.totals).map((c) => [c.period, ...dims.map((d) => c.slice[d] ?? ''), c.events, c.exposure, c.rate, c.lower, c.upper, c.small ? 'small' : '']);
  print(r, [{ title: `${r.definition.ref} ${r.query.from}..${r.query.to} (via server)`, columns: ['period', ...dims, 'events', 'exposure', 'rate', 'lower', 'upper', ''], rows }]);
  return 0;
};

export const REMOTE_COMMANDS: Record<string, RemoteHandler> = {
  async info({ client, print }) {
    const w = await client.call('workspace', {});
    print(w, [{ title: `${w.path} (schema v${w.schemaVersion}, via server)`, columns: ['table', 'rows'], rows: Object.entries(w.tables) }]);
    return 0;
  },
  import: importCommand,
  rate: rateCommand,
};
