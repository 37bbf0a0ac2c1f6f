import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryOne } from '../store/sql.js';
import { isDocumentInput } from './documents.js';
import { importFile } from './import-file.js';
import { tempDir, workspaceWithLoans, writeText } from './test-support.js';

const DOC = [
  '重庆市渝北区人民法院',
  '民事判决书',
  '（2023）渝0192民初12345号',
  '原告：重庆示例小额贷款有限公司，住所地重庆市渝北区。',
  '被告：张某，男，1990年3月7日出生。',
  '原告重庆示例小额贷款有限公司与被告张某小额借款合同纠纷一案，本院于2023年5月6日立案后，依法适用简易程序公开开庭进行了审理。',
  '判决如下：被告张某于本判决生效之日起十日内偿还原告借款本金10000元。',
  '案件受理费50元，减半收取计25元，由被告负担。',
  '二〇二三年七月一日',
].join('\n');

describe('import cases: dispatch by content', () => {
  it('recognizes court documents by folder, extension or JSONL text fields, and structured rows otherwise', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'docs'));
    expect(await isDocumentInput(join(dir, 'docs'))).toBe(true);
    expect(await isDocumentInput(writeText(dir, 'a.txt', DOC))).toBe(true);
    expect(await isDocumentInput(writeText(dir, 'a.html', `<p>${DOC}</p>`))).toBe(true);
    expect(await isDocumentInput(writeText(dir, 'docs.jsonl', JSON.stringify({ id: 'x', qwContent: DOC }) + '\n'))).toBe(true);
    expect(await isDocumentInput(writeText(dir, 'rows.jsonl', JSON.stringify({ case_number: '（2023）渝0192民初1号', court_name: '某法院' }) + '\n'))).toBe(false);
    expect(await isDocumentInput(writeText(dir, 'rows.csv', 'case_number,court_name\n'))).toBe(false);
  });

  it('sends a court document to the judgments importer and returns the same kind of summary', async () => {
    const { ws, dir } = await workspaceWithLoans();
    try {
      const s = await importFile(ws, { kind: 'cases', file: writeText(dir, 'judgment.txt', DOC) });
      expect({ kind: s.kind, format: s.format, read: s.read, total: s.stored + s.unchanged + s.rejected }).toEqual({ kind: 'cases', format: 'documents', read: 1, total: 1 });
      expect(await queryOne(ws.conn, 'SELECT count(*) AS n FROM legal_case')).toEqual({ n: s.stored });
    } finally {
      ws.dispose();
    }
  });
});
