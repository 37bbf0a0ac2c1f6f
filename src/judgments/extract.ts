/**
 * Document text out of its container: HTML (China Judgments Online pages and the Html of its
 * jsonHtmlData), DOCX (word/document.xml via jszip), CJO JSON records (案件名称, DocContent,
 * jsonHtmlData, qwContent …) and raw bytes in UTF-8, UTF-16 or GB18030. Scanners are linear; HTML
 * may be truncated or broken. Entities are left for normalizeText, which decodes them.
 */
import iconv from 'iconv-lite';
import JSZip from 'jszip';

const BLOCK_TAGS = new Set(['p', 'div', 'br', 'tr', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'section', 'article', 'title', 'td', 'th', 'pre', 'blockquote', 'hr', 'dd', 'dt', 'ul', 'ol', 'center']);
const SKIP_CONTENT = new Set(['script', 'style', 'head', 'noscript', 'template']);

function tagName(s: string, i: number): { name: string; closing: boolean; end: number } {
  let j = i + 1;
  const closing = s[j] === '/';
  if (closing) j++;
  let name = '';
  while (j < s.length && j - i < 40 && /[A-Za-z0-9:]/.test(s[j] ?? '')) name += s[j++];
  // find the end of the tag, respecting quotes, bounded
  let q: string | null = null;
  while (j < s.length) {
    const c = s[j];
    if (q) {
      if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '>') break;
    j++;
  }
  return { name: name.toLowerCase(), closing, end: j };
}

/** Strip HTML to text, keeping paragraph boundaries as newlines. */
export function htmlToText(html: string): string {
  const out: string[] = [];
  let i = 0;
  let skip: string | null = null;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      if (!skip) out.push(html.slice(i));
      break;
    }
    if (skip) {
      const close = html.toLowerCase().indexOf(`</${skip}`, i);
      if (close < 0) break;
      const end = html.indexOf('>', close);
      skip = null;
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    if (lt > i) out.push(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const e = html.indexOf('-->', lt + 4);
      i = e < 0 ? html.length : e + 3;
      continue;
    }
    const next = html[lt + 1] ?? '';
    if (!/[A-Za-z/!?]/.test(next)) {
      if (!skip) out.push('<');
      i = lt + 1;
      continue;
    }
    const t = tagName(html, lt);
    if (!t.closing && SKIP_CONTENT.has(t.name)) {
      skip = t.name;
    } else if (BLOCK_TAGS.has(t.name)) {
      out.push('\n');
    }
    i = t.end + 1;
  }
  return out.join('');
}

function looksLikeHtml(s: string): boolean {
  return /<(div|p|br|span|html|body|table|td|font|center)[\s>/]/i.test(s.slice(0, 5000));
}

/** WordprocessingML (word/document.xml) to text: paragraphs → newlines, tabs and breaks kept. */
export function wordXmlToText(xml: string): string {
  const out: string[] = [];
  const re = /<w:t(?:\s[^>]{0,200})?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>|<\/w:p>|<w:cr\/>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[0] === '<w:tab/>') out.push('\t');
    else out.push('\n');
  }
  return out.join('');
}

export async function docxToText(data: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(data);
  const doc = zip.file('word/document.xml');
  if (!doc) throw new Error('not a DOCX file: word/document.xml is missing');
  return wordXmlToText(await doc.async('string'));
}

/** Decode bytes: BOMs first, then strict UTF-8, else GB18030 (which covers GBK). */
export function decodeBytes(buf: Uint8Array): { text: string; encoding: string } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8' };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(buf), 'gb18030'), encoding: 'gb18030' };
  }
}

export interface SourceDocument {
  /** Identifier from the source (文书ID, id …), or null. */
  sourceId: string | null;
  title: string | null;
  text: string;
}

const TEXT_FIELDS = ['text', 'DocContent', 'qwContent', 'jsonHtmlData', 'Html', 'content', '全文', '文书内容', 'qw'];
const TITLE_FIELDS = ['案件名称', 'title', 'Title', 's1', 'caseName', '标题'];
const ID_FIELDS = ['id', '文书ID', 'docId', 'DocID', 'docid', 'rowkey', 's5', '_id'];

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** Text, title and id of a JSON record; null when it has no text field. */
export function documentFromRecord(rec: Record<string, unknown>): SourceDocument | null {
  let text: string | null = null;
  let title: string | null = null;
  for (const f of TEXT_FIELDS) {
    const v = str(rec[f]);
    if (v === null || v.trim() === '') continue;
    if (f === 'jsonHtmlData') {
      try {
        const inner = JSON.parse(v) as Record<string, unknown>;
        text = str(inner['Html']) ?? str(inner['html']) ?? v;
        title = str(inner['Title']) ?? title;
      } catch {
        text = v;
      }
    } else text = v;
    break;
  }
  if (text === null) return null;
  if (looksLikeHtml(text)) text = htmlToText(text);
  for (const f of TITLE_FIELDS) title = title ?? str(rec[f]);
  let sourceId: string | null = null;
  for (const f of ID_FIELDS) sourceId = sourceId ?? str(rec[f]);
  return { sourceId, title, text };
}

/** Documents in a parsed JSON value (an object, an array of objects, or {data|docs|records: [...]}). */
export function documentsFromJson(value: unknown): (SourceDocument | null)[] {
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? documentFromRecord(v as Record<string, unknown>) : null));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const k of ['data', 'docs', 'documents', 'records', 'result']) if (Array.isArray(o[k])) return documentsFromJson(o[k]);
    return [documentFromRecord(o)];
  }
  return [null];
}

export { looksLikeHtml };
