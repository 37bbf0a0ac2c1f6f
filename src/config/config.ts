/**
 * One configuration schema for the whole application (house rule). Precedence: command-line flag >
 * environment variable (SUITRATE_*) > config file (`--config PATH`, else ./suitrate.config.json if
 * present) > defaults. Checked at start: a bad file is an error naming the file and the field.
 * Modules add their own section to {@link ConfigSchema}.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { MetricsConfigSchema } from '../metrics/config.js';
import { PricingConfigSchema } from '../pricing/config-schema.js';
import { RiskConfigSchema } from '../risk/config-schema.js';

export const DEFAULT_CONFIG_FILE = 'suitrate.config.json';

export const ConfigSchema = z
  .object({
    db: z.string().min(1).default('suitrate.duckdb'),
    lang: z.enum(['zh', 'en']).default('zh'),
    /** Extra sections owned by modules (metrics, pricing, risk, server, …) are declared below. */
    metrics: MetricsConfigSchema.prefault({}),
    /** Regulatory thresholds, jurisdiction, audit tolerances (owned by src/pricing; see docs/pricing.md). */
    pricing: PricingConfigSchema.prefault({}),
    /** Binning, scorecard scaling, boosting and watch-list defaults (owned by src/risk; see docs/risk.md). */
    risk: RiskConfigSchema.prefault({}),
    /** `suitrate serve` (owned by src/server; see docs/server.md). */
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** 'auto' = Secure cookies when the request came over https (or a trusted proxy says so). */
        secureCookies: z.enum(['auto', 'always', 'never']).default('auto'),
        /** Believe X-Forwarded-For/-Proto: only behind your own reverse proxy. */
        trustProxy: z.boolean().default(false),
        maxUploadMb: z.number().int().min(1).max(10_240).default(512),
        cacheMb: z.number().int().min(0).max(16_384).default(64),
        /** Read connections in the server's DuckDB pool. */
        readers: z.number().int().min(1).max(64).default(4),
      })
      .strict()
      .prefault({}),
    complaints: z.record(z.string(), z.unknown()).default({}),
    resolution: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

export interface ConfigSources {
  /** Values given as command-line flags (undefined = not given). */
  flags?: { db?: string | undefined; lang?: string | undefined; config?: string | undefined };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AppError({ code: 'config.read', en: `Cannot read config file ${path}`, zh: `无法读取配置文件 ${path}`, cause: err });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('top level must be an object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new AppError({ code: 'config.parse', en: `Config file ${path} is not valid JSON: ${msg}`, zh: `配置文件 ${path} 不是有效的 JSON：${msg}`, cause: err });
  }
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const explicit = sources.flags?.config ?? env['SUITRATE_CONFIG'];
  const filePath = explicit ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_CONFIG_FILE);
  const fromFile = explicit || existsSync(filePath) ? readConfigFile(filePath) : {};
  const merged: Record<string, unknown> = { ...fromFile };
  if (env['SUITRATE_DB']) merged['db'] = env['SUITRATE_DB'];
  if (env['SUITRATE_LANG']) merged['lang'] = env['SUITRATE_LANG'];
  if (sources.flags?.db !== undefined) merged['db'] = sources.flags.db;
  if (sources.flags?.lang !== undefined) merged['lang'] = sources.flags.lang;
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue ? issue.path.join('.') || '(top level)' : '(unknown)';
    const why = issue?.message ?? 'invalid';
    throw new AppError({
      code: 'config.invalid',
      en: `Invalid configuration (${explicit || existsSync(filePath) ? filePath : 'flags/environment'}), field ${field}: ${why}`,
      zh: `配置无效（${explicit || existsSync(filePath) ? filePath : '参数/环境变量'}），字段 ${field}：${why}`,
      details: { issues: result.error.issues },
    });
  }
  return result.data;
}
