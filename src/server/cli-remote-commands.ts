/** Commands the CLI can send to a running server with --server (see cli-remote.ts). */
import type { RemoteHandler } from './cli-remote.js';

export const REMOTE_COMMANDS: Record<string, RemoteHandler> = {
  async info({ client, print }) {
    const w = await client.call('workspace', {});
    print(w, [{ title: `${w.path} (schema v${w.schemaVersion}, via server)`, columns: ['table', 'rows'], rows: Object.entries(w.tables) }]);
    return 0;
  },
};
