/**
 * Forward-only migrations, applied in order on open. Never edit a migration that has shipped:
 * add a new one. Numbers are reserved by module so parallel work does not collide:
 * 1–9 core, 10–19 judgments, 20–29 pricing, 30–39 metrics, 40–49 risk, 50–59 server,
 * 60–69 complaints, 70–79 resolution.
 */
import * as m0001 from './0001-core.js';
import * as m0002 from './0002-bulk-keys.js';
import * as m0003 from './0003-segments.js';
import * as m0010 from './0010-judgments.js';
import * as m0020 from './0020-pricing.js';
import * as m0021 from './0021-pricing-findings.js';
import * as m0022 from './0022-pricing-compact.js';
import * as m0023 from './0023-pricing-flows-list.js';
import * as m0024 from './0024-pricing-flows-int.js';
import * as m0025 from './0025-pricing-lean.js';
import * as m0026 from './0026-pricing-evidence.js';
import * as m0027 from './0027-pricing-finding-keys.js';
import * as m0030 from './0030-metrics.js';
import * as m0040 from './0040-risk.js';
import * as m0050 from './0050-server.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0010, m0020, m0021, m0022, m0023, m0024, m0025, m0026, m0027, m0030, m0040, m0050].sort((a, b) => a.version - b.version);

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
