/**
 * `suitrate serve` — the HTTP API and dashboard over the workspace. Also registers the `user`
 * commands and the global `--server <url>` flag, with which some commands (import, rate, info) are
 * sent to a running server instead of opening the DuckDB file the server holds.
 */
import type { Command } from 'commander';
import { queryOne } from '../../store/sql.js';
import { startServer } from '../../server/start.js';
import { contextFrom } from '../context.js';
import { registerRemote } from '../../server/cli-remote.js';
import { registerUser } from './user.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the dashboard and JSON API on the workspace (binds 127.0.0.1 by default)')
    .option('--port <port>', 'TCP port (0 = any free port; default 8080 or config server.port)')
    .option('--host <host>', 'address to bind (default 127.0.0.1; use 0.0.0.0 only behind a TLS proxy)')
    .action(async (opts: { port?: string; host?: string }, cmd: Command) => {
      const ctx = contextFrom(cmd);
      const cfg = ctx.config.server;
      const server = await startServer({
        dbPath: ctx.config.db,
        config: ctx.config,
        host: opts.host ?? cfg.host,
        port: opts.port !== undefined ? Number(opts.port) : cfg.port,
        secureCookies: cfg.secureCookies,
        trustProxy: cfg.trustProxy,
        maxUploadBytes: cfg.maxUploadMb * 1024 * 1024,
        cacheBytes: cfg.cacheMb * 1024 * 1024,
        readers: cfg.readers,
      });
      const users = await server.deps.db.read((conn) => queryOne<{ n: number }>(conn, 'SELECT count(*) AS n FROM app_user WHERE NOT disabled'));
      const zh = ctx.lang === 'zh';
      process.stdout.write(`${zh ? '仪表盘已启动' : 'Dashboard running'}: ${server.url}\n`);
      process.stdout.write(zh ? '用 suitrate user add 创建的账号登录；Ctrl-C 停止。\n' : 'Sign in with an account made by suitrate user add; Ctrl-C to stop.\n');
      if (!server.deps.webDist) process.stderr.write(zh ? '注意：网页端尚未构建（npm run build:web），仅提供 API。\n' : 'Note: the web app is not built (npm run build:web); serving the API only.\n');
      if ((users?.n ?? 0) === 0) {
        process.stderr.write(
          zh
            ? '还没有用户：停止服务器后运行 suitrate user add --role admin --username <名字> 创建第一个管理员。\n'
            : 'No users yet: stop the server and run suitrate user add --role admin --username <name> to create the first admin.\n',
        );
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void server.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
  registerUser(program);
  registerRemote(program);
}
