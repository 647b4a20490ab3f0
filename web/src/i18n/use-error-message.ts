/**
 * Turns any error into words a user understands: the catalogue's text for its code, else a generic
 * one. For codes where the server's own message says what exactly is wrong (a refused field, which
 * record is missing), that message follows as a detail line; it is English, written for users.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../shared/src/index.ts';
import { isApiError } from '../api/api-error.ts';

/** Codes whose server message names the situation precisely; the others' messages add nothing. */
const DETAILED_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'VALIDATION.FAILED',
  'CONFLICT',
  'GRANT.RELEASE_REQUIRED',
  'MEMBER.EXISTS',
  'PARTY.INVALID_ROLE',
  'UPLOAD.INVALID_PARTS',
  'UPLOAD.SIZE_MISMATCH',
  'UPLOAD.TOO_LARGE',
  'MANIFEST.STALE',
  'DEAL.NOT_OPEN',
  'DEAL.NOT_CLOSED',
]);

export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation('errors');
  return useCallback(
    (error: unknown) => {
      if (!isApiError(error)) return t('errors:generic');
      const key = `errors:codes.${error.code}`;
      const sentence = i18n.exists(key) ? t(key) : t('errors:generic');
      return DETAILED_CODES.has(error.code) && error.message.trim()
        ? `${sentence} ${t('errors:details', { message: error.message.trim() })}`
        : sentence;
    },
    [t, i18n],
  );
}
