import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type MessageKey } from './en';
import { zhHans } from './zh-Hans';
import { zhHant } from './zh-Hant';

export const LANGUAGES = [
  { tag: 'en', name: 'English' },
  { tag: 'zh-Hans', name: '简体中文' },
  { tag: 'zh-Hant', name: '繁體中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['tag'];

const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { en, 'zh-Hans': zhHans, 'zh-Hant': zhHant };
const LANGUAGE_STORAGE = 'bayrecon.language';

/** The browser's language mapped onto ours: zh-TW, zh-HK and zh-MO read Traditional script, other zh Simplified. */
export function preferredLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_STORAGE);
  if (stored !== null && stored in DICTIONARIES) return stored as Language;
  for (const tag of navigator.languages) {
    const lower = tag.toLowerCase();
    if (/^zh-(hant|tw|hk|mo)/.test(lower)) return 'zh-Hant';
    if (lower.startsWith('zh')) return 'zh-Hans';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_STORAGE, language);
  document.documentElement.lang = language;
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const dictionary = DICTIONARIES[language];
  return (key, values = {}) => dictionary[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export const I18n = createContext<{ t: Translate; language: Language }>({ t: translator('en'), language: 'en' });

export const useI18n = () => useContext(I18n);
