/**
 * i18next set-up: every catalogue under locales/<language>/<namespace>.json is bundled, the
 * language comes from the browser the first time and from localStorage after the user picks one.
 */
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'dataroom.language';

type Catalogue = Record<string, unknown>;
const catalogues = import.meta.glob<Catalogue>('./locales/*/*.json', { eager: true, import: 'default' });

const resources: Record<string, Record<string, Catalogue>> = {};
for (const [path, catalogue] of Object.entries(catalogues)) {
  const [, language, namespace] = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path) ?? [];
  if (!language || !namespace) continue;
  resources[language] = { ...resources[language], [namespace]: catalogue };
}

/** Any Chinese browser language gets the Simplified Chinese catalogue; everything else English. */
const supportedLanguage = (detected: string): Language =>
  detected.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    supportedLngs: [...LANGUAGES],
    fallbackLng: 'en',
    defaultNS: 'common',
    ns: Object.keys(resources.en ?? {}),
    interpolation: { escapeValue: false },
    returnNull: false,
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
      convertDetectedLanguage: supportedLanguage,
    },
  });

const setDocumentLanguage = (language: string) => {
  document.documentElement.lang = language;
};
setDocumentLanguage(i18n.resolvedLanguage ?? 'en');
i18n.on('languageChanged', setDocumentLanguage);

export { i18n };
