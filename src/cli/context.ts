/**
 * What every command needs: the resolved configuration, a way to open the workspace, and the
 * output format. Commands receive a {@link CliContext} instead of reading globals.
 */
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/config.js';
import { openWorkspace, type OpenOptions, type Workspace } from '../store/workspace.js';
import { chooseFormat, type OutputFormat } from './output.js';

export interface GlobalFlags {
  db?: string;
  config?: string;
  lang?: string;
  json?: boolean;
  csv?: boolean;
  quiet?: boolean;
}

export interface CliContext {
  config: Config;
  format: OutputFormat;
  quiet: boolean;
  lang: 'zh' | 'en';
  openWorkspace(opts?: OpenOptions): Promise<Workspace>;
  /** Progress and notes go to stderr so stdout stays machine-readable. */
  note(message: string): void;
}

export function contextFrom(cmd: Command): CliContext {
  const flags = cmd.optsWithGlobals<GlobalFlags>();
  const config = loadConfig({ flags: { db: flags.db, lang: flags.lang, config: flags.config } });
  const quiet = Boolean(flags.quiet);
  return {
    config,
    format: chooseFormat({ json: flags.json, csv: flags.csv }),
    quiet,
    lang: config.lang,
    openWorkspace: (opts) => openWorkspace(config.db, opts),
    note: (message) => {
      if (!quiet) process.stderr.write(message + '\n');
    },
  };
}

/** Run `fn` with an open workspace and always close it. */
export async function withWorkspace<T>(ctx: CliContext, fn: (ws: Workspace) => Promise<T>, opts?: OpenOptions): Promise<T> {
  const ws = await ctx.openWorkspace(opts);
  try {
    return await fn(ws);
  } finally {
    ws.close();
  }
}
