/** Chinese first, English second; the choice is kept in localStorage. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { DICT, type MsgKey } from './messages.js';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'suitrate.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: MsgKey, vars?: Record<string, string | number>): string;
  /** Pick the zh or en member of a bilingual pair (error messages from the API). */
  pick(pair: { zh: string; en: string }): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // private mode: keep it for this page only
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => {
        let s: string = DICT[key][lang];
        if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
        return s;
      },
      pick: (pair) => pair[lang],
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export function fmtPct(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

export function fmtInt(x: number | null | undefined, lang: Lang): string {
  return x === null || x === undefined ? '—' : x.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}

/** Integer fen → yuan with two decimals. */
export function fmtYuan(fen: number | null | undefined, lang: Lang): string {
  if (fen === null || fen === undefined) return '—';
  return (fen / 100).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
