import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { setApiLanguage } from '../api/client';
import { en, type MessageKey, zh } from './messages';

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'huikuan.lang';

/** Chinese unless the user chose English on this browser before. */
export function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export type Vars = Record<string, string | number>;

/** `{name}` placeholders filled from vars; a missing var stays visible rather than vanishing. */
export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  return interpolate((lang === 'zh' ? zh : en)[key], vars);
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** pick the server's bilingual field */
  pick: (m: { zh: string; en: string }) => string;
  /** the language's colon: full-width in Chinese */
  colon: string;
  /** text in the language's parentheses */
  paren: (s: string | number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // private mode: the choice lasts for this page only
    }
    setApiLanguage(l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      pick: (m) => (lang === 'zh' ? m.zh : m.en),
      colon: lang === 'zh' ? '：' : ': ',
      paren: (x) => (lang === 'zh' ? `（${x}）` : ` (${x})`),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
