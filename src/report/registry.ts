/**
 * The report is a list of sections. Each section builds plain blocks (KPIs, tables, ECharts options,
 * text) plus the raw data it used, from a shared context; the renderer turns them into one HTML
 * file. Other areas add sections with {@link registerReportSection} (pricing does, for its audit
 * summary); order decides the position.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { IsoDate } from '../domain/dates.js';
import type { MetricsConfig } from '../metrics/config.js';
import type { Overview } from '../metrics/overview.js';
import type { PeerInput } from '../metrics/peers.js';

export type Lang = 'zh' | 'en';
export interface Bilingual {
  zh: string;
  en: string;
}

export type Cell = string | number | null;

export type ReportBlock =
  | { kind: 'kpis'; items: { id?: string; label: Bilingual; value: string; rawValue?: number | null; sub?: string }[] }
  | { kind: 'text'; text: Bilingual; tone?: 'plain' | 'note' | 'verdict' }
  /** An ECharts option (JSON only: no functions). */
  | { kind: 'chart'; id: string; option: Record<string, unknown>; height?: number; caption?: Bilingual }
  | { kind: 'table'; id?: string; columns: string[]; rows: Cell[][]; caption?: Bilingual; flagColumn?: number };

export interface ReportContext {
  conn: DuckDBConnection;
  config: MetricsConfig;
  lang: Lang;
  asOf: IsoDate;
  /** Window of the headline figures (12 months to asOf). */
  window: { from: IsoDate; to: IsoDate };
  definition?: string;
  filePeers?: readonly PeerInput[];
  overview: Overview;
}

export interface SectionOutput {
  blocks: ReportBlock[];
  /** Raw data embedded in the file (the same objects the CLI prints with --json). */
  data: unknown;
}

export interface ReportSection {
  id: string;
  order: number;
  title: Bilingual;
  /** Owner area, shown in the report's section list. */
  owner: string;
  /** null: the section has nothing to show for this workspace (skipped, with a note). */
  build(ctx: ReportContext): Promise<SectionOutput | null>;
}

const sections = new Map<string, ReportSection>();

export function registerReportSection(section: ReportSection): void {
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(section.id)) throw new RangeError(`bad section id ${section.id}`);
  sections.set(section.id, section);
}

export function reportSections(): ReportSection[] {
  return [...sections.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}
