/**
 * `suitrate peers`: where the lender sits among other institutions — the store's institutions, or
 * a peer file (CSV/JSON: institution, cases, volume) with --file. Bad rows are reported with file,
 * line, column and reason, and nothing is computed from a partly read file.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { formatRate } from '../../metrics/format.js';
import { parsePeerFile } from '../../metrics/peers-file.js';
import { computePeers, type PeerInput } from '../../metrics/peers.js';
import { contextFrom } from '../context.js';
import { emit } from '../output.js';
import { addWindowOptions, windowQuery, type MetricFlags, withReadWorkspace } from './metrics-flags.js';

/** Read and parse a peer file; throws an AppError listing the bad rows. */
export function readPeerFile(path: string): PeerInput[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError({ code: 'peers.read', en: `Cannot read peer file ${path}`, zh: `无法读取可比机构文件 ${path}`, cause: err });
  }
  const r = parsePeerFile(path, text);
  if (r.problems.length > 0) {
    const lines = r.problems.slice(0, 20).map((p) => `${p.file}:${p.line} ${p.column}: ${p.message}`);
    throw new AppError({
      code: 'peers.invalid',
      en: `Peer file ${path} has ${r.problems.length} bad row(s):\n${lines.join('\n')}`,
      zh: `可比机构文件 ${path} 有 ${r.problems.length} 行有误：\n${lines.join('\n')}`,
      details: { problems: r.problems },
    });
  }
  return r.peers;
}

export function registerPeers(program: Command): void {
  addWindowOptions(program.command('peers').description('The lender among its peers: percentile with an interval and a low / middling / high statement'))
    .option('--file <path>', 'peer file (CSV or JSON): institution, cases, volume[, name] (default config metrics.peers.file)')
    .option('--self <institution>', 'the lender (default config metrics.institutionId, else the largest book)')
    .action(async (flags: MetricFlags & { file?: string; self?: string }, c: Command) => {
      const ctx = contextFrom(c);
      const file = flags.file ?? ctx.config.metrics.peers.file;
      const filePeers = file !== undefined ? readPeerFile(file) : undefined;
      await withReadWorkspace(
        ctx,
        async (ws) => {
          const r = await computePeers(ws.conn, { ...windowQuery(flags), ...(flags.self ? { self: flags.self } : {}), ...(filePeers ? { filePeers } : {}) }, ctx.config.metrics);
          const fmt = (x: number | null): string => formatRate(x, r.definition.display, ctx.lang);
          emit(ctx.format, r, [
            {
              title: r.statement[ctx.lang],
              columns: ['institution', 'source', 'cases', 'volume', 'rate', 'CI', ''],
              rows: r.peers.map((p) => [p.name ? `${p.institution} ${p.name}` : p.institution, p.source, p.cases, Math.round(p.volume * 100) / 100, fmt(p.rate), `${fmt(p.lower)}–${fmt(p.upper)}`, p.isSelf ? '◀' : '']),
            },
          ]);
        },
      );
    });
}
