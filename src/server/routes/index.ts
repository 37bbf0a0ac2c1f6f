/** The handler for every route key of the contract (the type makes a missing handler an error). */
import type { Api } from '../contract/index.js';
import { authHandlers } from './auth.js';
import type { Handlers } from './handler.js';
import { caseHandlers } from './cases.js';
import { importHandlers } from './imports.js';
import { metricsHandlers } from './metrics.js';
import { overviewHandlers } from './overview.js';
import { riskHandlers } from './risk.js';
import { systemHandlers } from './system.js';
import { transparencyHandlers } from './transparency.js';

export const HANDLERS: Handlers<Api> = {
  ...systemHandlers,
  ...authHandlers,
  ...importHandlers,
  ...overviewHandlers,
  ...metricsHandlers,
  ...caseHandlers,
  ...transparencyHandlers,
  ...riskHandlers,
};
