/** Child process of the benchmark: serve a workspace and print the URL on stdout. */
import { parseArgs } from 'node:util';
import { startServer } from '../../src/server/start.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string', default: '0' } } });
if (!values.db) throw new Error('--db is required');
// No warming: the benchmark measures the first (uncached) computation of each query itself.
const server = await startServer({ dbPath: values.db, port: Number(values.port), webDist: null, warm: false });
process.stdout.write(`${server.url}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
