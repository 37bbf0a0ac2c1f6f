/**
 * The server's handle on its workspace. DuckDB allows one writing process per file, so the server
 * owns the file while it runs. Inside the process, reads use a small pool of connections (DuckDB runs
 * them in parallel) and writes are serialized through one connection behind a mutex. Every write
 * bumps `dataVersion`, which keys the result cache: since no other process can write the file while
 * the server holds it, the version is exact.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Workspace } from '../store/workspace.js';

class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export class ServerDb {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiters: ((c: DuckDBConnection) => void)[] = [];
  private readonly writeLock = new Mutex();
  private version = 1;
  /** Called after each write that changed data (e.g. to warm the cache again). */
  onChange: (() => void) | undefined;

  private constructor(
    readonly ws: Workspace,
    private readonly all: DuckDBConnection[],
  ) {
    this.idle.push(...all);
  }

  static async open(ws: Workspace, readers: number): Promise<ServerDb> {
    const conns: DuckDBConnection[] = [];
    for (let i = 0; i < Math.max(1, readers); i++) conns.push(await ws.instance.connect());
    return new ServerDb(ws, conns);
  }

  get dataVersion(): number {
    return this.version;
  }

  /** Run a read on a pooled connection. */
  async read<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = this.idle.pop() ?? (await new Promise<DuckDBConnection>((res) => this.waiters.push(res)));
    try {
      return await fn(conn);
    } finally {
      const next = this.waiters.shift();
      if (next) next(conn);
      else this.idle.push(conn);
    }
  }

  /** Run a write on the single write connection, one at a time. Bumps the data version after. */
  write<T>(fn: (conn: DuckDBConnection) => Promise<T>, opts: { changesData?: boolean } = {}): Promise<T> {
    return this.writeLock.run(async () => {
      try {
        return await fn(this.ws.conn);
      } finally {
        if (opts.changesData !== false) {
          this.version++;
          this.onChange?.();
        }
      }
    });
  }

  /** Stop running queries (shutdown while a long computation is in flight). */
  interrupt(): void {
    for (const c of this.all) c.interrupt();
  }

  close(): void {
    for (const c of this.all) c.closeSync();
    this.ws.close();
  }
}
