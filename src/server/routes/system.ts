import type { SYSTEM_ROUTES } from '../contract/index.js';
import { tableCounts } from '../../store/workspace.js';
import type { Handlers } from './handler.js';

export const systemHandlers: Handlers<typeof SYSTEM_ROUTES> = {
  async workspace(_input, ctx) {
    const { db } = ctx.deps;
    return ctx.cached(async () => ({ path: db.ws.path, schemaVersion: db.ws.schemaVersion, dataVersion: db.dataVersion, tables: await db.read((conn) => tableCounts(conn)) }));
  },
  async health(_input, ctx) {
    return { ok: true as const, schemaVersion: ctx.deps.db.ws.schemaVersion, dataVersion: ctx.deps.db.dataVersion };
  },
};
