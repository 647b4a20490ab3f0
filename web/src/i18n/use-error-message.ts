/** Turns any error into words a user understands: the catalogue's text for its code, else a generic one. */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/api-error.ts';

export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation('errors');
  return useCallback(
    (error: unknown) => {
      const key = isApiError(error) ? `errors:codes.${error.code}` : undefined;
      return key && i18n.exists(key) ? t(key) : t('errors:generic');
    },
    [t, i18n],
  );
}
