/**
 * `suitrate report --out report.html`: one self-contained HTML file (charts, tables, embedded data,
 * ECharts inlined) that opens offline. Same numbers as `suitrate rate --json`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../domain/errors.js';
import { buildReport } from '../../report/build.js';
import { contextFrom } from '../context.js';
import { withReadWorkspace } from './metrics-flags.js';
import { emit } from '../output.js';
import { readPeerFile } from './peers.js';

interface ReportFlags {
  out: string;
  asOf?: string;
  definition?: string;
  peers?: string;
  sections?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Write one self-contained HTML report (rate by segment, trend, peers, funnel, causes, vintages, delinquency, legal cost) that opens offline')
    .option('--out <file>', 'output HTML file', 'report.html')
    .option('--as-of <date>', 'as-of date (default: the latest date in the data)')
    .option('--definition <ref>', 'rate definition (default config metrics.defaultDefinition)')
    .option('--peers <file>', 'peer file (CSV/JSON: institution, cases, volume; default config metrics.peers.file)')
    .option('--sections <ids>', 'only these sections, comma-separated (headline, segments, trend, peers, funnel, causes, vintages, overdue, cost, pricing)')
    .action(async (flags: ReportFlags, c: Command) => {
      const ctx = contextFrom(c);
      if (!/\.html?$/i.test(flags.out)) throw new AppError({ code: 'report.out', en: `--out must end in .html, got "${flags.out}"`, zh: `--out 须以 .html 结尾，收到“${flags.out}”` });
      const peerFile = flags.peers ?? ctx.config.metrics.peers.file;
      const filePeers = peerFile !== undefined ? readPeerFile(peerFile) : undefined;
      await withReadWorkspace(
        ctx,
        async (ws) => {
          ctx.note(ctx.lang === 'zh' ? '正在计算报告…' : 'computing the report…');
          const r = await buildReport(
            ws.conn,
            {
              lang: ctx.lang,
              ...(flags.asOf !== undefined ? { asOf: flags.asOf } : {}),
              ...(flags.definition !== undefined ? { definition: flags.definition } : {}),
              ...(filePeers ? { filePeers } : {}),
              ...(flags.sections !== undefined ? { sections: flags.sections.split(',').map((s) => s.trim()) } : {}),
            },
            ctx.config.metrics,
          );
          const out = resolve(flags.out);
          writeFileSync(out, r.html, 'utf8');
          emit(ctx.format, { out, bytes: Buffer.byteLength(r.html), asOf: r.data.asOf, window: r.data.window, sections: r.sections }, [
            { title: `${out} (${(Buffer.byteLength(r.html) / 1e6).toFixed(2)} MB, as of ${r.data.asOf})`, columns: ['section', 'owner', 'shown'], rows: r.sections.map((s) => [s.id, s.owner, s.shown ? 'yes' : 'no data']) },
          ]);
        },
      );
    });
}
