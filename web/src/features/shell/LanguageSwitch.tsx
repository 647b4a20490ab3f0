/** The header's language control: a native select (keyboard- and screen-reader-friendly), remembered by i18next. */
import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../i18n/i18n.ts';
import classes from './Header.module.css';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation('common');
  return (
    <NativeSelect
      size="xs"
      label={t('language.label')}
      classNames={{ root: classes.inlineField, label: classes.inlineLabel }}
      value={i18n.resolvedLanguage ?? 'en'}
      onChange={(event) => void i18n.changeLanguage(event.currentTarget.value)}
      data={LANGUAGES.map((language) => ({ value: language, label: t(`language.names.${language}`) }))}
    />
  );
}
