/**
 * The CLI's `--server <url>` mode. While `suitrate serve` holds a workspace, DuckDB lets no other
 * process open it; with --server the supported commands are sent to the server's API instead
 * (signed in as SUITRATE_USERNAME with SUITRATE_PASSWORD or SUITRATE_PASSWORD_FILE). Other commands
 * are refused with a message saying what to do.
 */
import { CommanderError, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { AppError } from '../domain/errors.js';
import { chooseFormat, emit } from '../cli/output.js';
import { ApiClient, ApiError } from './client.js';
import { REMOTE_COMMANDS } from './cli-remote-commands.js';

export interface RemoteContext {
  client: ApiClient;
  cmd: Command;
  /** Positional arguments of the command. */
  args: readonly string[];
  lang: 'zh' | 'en';
  print(json: unknown, tables: Parameters<typeof emit>[2]): void;
}

export type RemoteHandler = (ctx: RemoteContext) => Promise<number>;

function topCommand(cmd: Command): Command {
  let c = cmd;
  while (c.parent && c.parent.parent) c = c.parent;
  return c;
}

function credentials(): { username: string; password: string } {
  const username = process.env['SUITRATE_USERNAME'];
  const file = process.env['SUITRATE_PASSWORD_FILE'];
  const password = file ? (readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '') : process.env['SUITRATE_PASSWORD'];
  if (!username || !password) {
    throw new AppError({
      code: 'remote.credentials',
      en: 'With --server, set SUITRATE_USERNAME and SUITRATE_PASSWORD (or SUITRATE_PASSWORD_FILE) to sign in to the server.',
      zh: '使用 --server 时，请设置 SUITRATE_USERNAME 和 SUITRATE_PASSWORD（或 SUITRATE_PASSWORD_FILE）以登录服务器。',
    });
  }
  return { username, password };
}

export async function runRemote(url: string, cmd: Command): Promise<number> {
  const top = topCommand(cmd);
  const name = top === cmd ? cmd.name() : `${top.name()} ${cmd.name()}`;
  const handler = REMOTE_COMMANDS[name] ?? REMOTE_COMMANDS[top.name()];
  const lang = cmd.optsWithGlobals<{ lang?: string }>().lang === 'en' || process.env['SUITRATE_LANG'] === 'en' ? 'en' : 'zh';
  if (!handler) {
    const list = Object.keys(REMOTE_COMMANDS).join(', ');
    throw new AppError({
      code: 'remote.unsupported',
      en: `\`${name}\` cannot be sent to a server (supported with --server: ${list}). Use the dashboard at ${url}, or stop the server and run the command directly.`,
      zh: `\`${name}\` 不能发送给服务器（--server 支持：${list}）。请在 ${url} 的网页端操作，或停止服务器后直接运行该命令。`,
    });
  }
  const client = new ApiClient(url);
  const { username, password } = credentials();
  try {
    await client.login(username, password);
    const flags = cmd.optsWithGlobals<{ json?: boolean; csv?: boolean }>();
    const format = chooseFormat({ json: flags.json, csv: flags.csv });
    return await handler({ client, cmd, args: cmd.args, lang, print: (json, tables) => emit(format, json, tables) });
  } catch (err) {
    if (err instanceof ApiError) throw new AppError({ code: err.code, en: `Server ${url}: ${err.en}`, zh: `服务器 ${url}：${err.zh}`, cause: err });
    throw err;
  }
}

export function registerRemote(program: Command): void {
  program.option('--server <url>', 'send the command to a running `suitrate serve` (import, rate, info); sign in with SUITRATE_USERNAME + SUITRATE_PASSWORD[_FILE]');
  program.hook('preAction', async (_root, actionCommand) => {
    const url = actionCommand.optsWithGlobals<{ server?: string }>().server;
    if (!url) return;
    const code = await runRemote(url, actionCommand);
    // Stop commander before the local action runs; main() turns this into the exit code.
    throw new CommanderError(code, 'suitrate.remote_done', '');
  });
}
