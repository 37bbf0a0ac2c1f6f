/**
 * What each role sees of personal data. The store never holds raw identifiers: names, ID numbers,
 * phones and cards are kept as keyed pseudonyms plus masked forms (张*, 110***…1234), and court
 * texts are stored with identifiers masked. Roles with 'personal.masked' see those masked forms;
 * other roles see them hidden entirely. Redaction keeps string lengths (one full-width ＊ per
 * UTF-16 unit), so evidence spans still point at the right place in the text.
 */
import { maskPiiInText } from '../domain/pii.js';
import type { PersonalLevel } from './auth/roles.js';

export const HIDDEN_CHAR = '＊';

function blot(s: string): string {
  return HIDDEN_CHAR.repeat(s.length);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Masked person names as court texts and the store write them: 张某, 李某1, 王*, 赵** . */
// (the first character is any Han character except 某, so 某某银行 is left alone)
const MASKED_NAME_RE = /(?!某)\p{Script=Han}(?:某{1,2}[0-9０-９]{0,2}|[*＊]{1,3})/gu;

/** Masked identifiers as the store writes them: 110***********123X, 138****5678, 622202******7890. */
const MASKED_ID_RE = /[0-9]{0,6}[*＊]{3,}[0-9]{0,4}[0-9Xx]?/g;

/**
 * Text as a role may see it: identifiers always masked; for 'hidden', also every known individual
 * party name and every masked-name pattern blotted out (same length).
 */
export function textForLevel(text: string, level: PersonalLevel, personNames: readonly string[]): string {
  let out = maskPiiInText(text);
  if (level === 'masked') return out;
  const names = [...new Set(personNames.filter((n) => n.trim().length > 0))].sort((a, b) => b.length - a.length);
  for (const n of names) out = out.replace(new RegExp(escapeRe(n), 'g'), blot);
  return out.replace(MASKED_NAME_RE, blot).replace(MASKED_ID_RE, blot);
}

/** A person's name (already masked in the store) as a role may see it. */
export function nameForLevel(masked: string | null, level: PersonalLevel): string | null {
  return level === 'masked' ? masked : null;
}

/** Field paths whose extracted value may name a person. */
export function isPersonalField(path: string): boolean {
  return /part|name|agent|lawyer|judge|clerk|person|defendant|plaintiff|applicant|respondent|appell/i.test(path);
}
