/** Public API of the synthetic book generator (used by `suitrate generate` and `suitrate demo`). */
export { generateBook, SYNTH_VERSION, type GenerateOptions, type GenerateProgress, type GenerateSummary, type ObservedStats, type ResolvedParameters } from './generate.js';
export { DEFAULT_CALIBRATION, CalibrationSchema, type Calibration } from './calibration.js';
export { applyCalibrationOverride, loadCalibration } from './calibration-override.js';
export { COLUMNS, columnNames, type ColumnSpec } from './columns.js';
export type { FileStats, OutputEncoding, OutputFormat } from './writer.js';
