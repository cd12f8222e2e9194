import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { PublicSettings } from '../../shared/app-api.ts';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type Language = 'en' | 'zh-CN';

/** The settings' choice, or the system's language (Chinese for any `zh…`, else English). */
export function resolveLanguage(setting: PublicSettings['language']): Language {
  if (setting !== 'system') return setting;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: resolveLanguage('system'),
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the UI's language live and tells the document, so screen readers pronounce it right. */
export function applyLanguage(setting: PublicSettings['language']): void {
  const language = resolveLanguage(setting);
  document.documentElement.lang = language;
  if (i18n.language !== language) void i18n.changeLanguage(language);
}
