/** Public API of the importers (used by the CLI, the server and the demo). */
export { importFile, type FileImportSummary, type ImportFileOptions } from './import-file.js';
export { importFolder, folderPlan, type ImportFolderOptions } from './import-folder.js';
export { isDocumentInput, DOCUMENT_TEXT_FIELDS } from './documents.js';
export { COLUMNS, type ColumnSpec } from './columns.js';
export type { ProgressEvent, SourceFormat } from './source.js';
