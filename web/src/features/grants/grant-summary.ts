/**
 * Words for what a grant covers (which files, which actions), shared by the grants table and the
 * share-link form so that two grants of one party can be told apart.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Grant } from '../../../../shared/src/index.ts';
import { filesApi } from '../../api/files.api.ts';
import { formatList } from '../../format/intl.ts';

/** Up to this many files are named; more are counted. */
const NAMED_FILES = 3;

export function useGrantSummary(dealId: string) {
  const { t, i18n } = useTranslation('sharing');
  const files = useQuery({ queryKey: ['files', dealId], queryFn: () => filesApi.list(dealId) });
  const language = i18n.language;
  const nameOf = useCallback(
    (id: string) => files.data?.items.find((file) => file.id === id)?.name,
    [files.data],
  );
  const filesOf = useCallback(
    (grant: Grant): string => {
      if (grant.fileIds === 'all') return t('table.allFiles');
      const names = grant.fileIds.map(nameOf).filter((name): name is string => name !== undefined);
      return names.length === grant.fileIds.length && names.length <= NAMED_FILES
        ? formatList(names, language)
        : t('table.someFiles', { count: grant.fileIds.length });
    },
    [t, nameOf, language],
  );
  const actionsOf = useCallback(
    (grant: Grant): string =>
      formatList(
        grant.actions.map((action) => t(`common:actions.${action}`)),
        language,
      ),
    [t, language],
  );
  return { filesOf, actionsOf };
}

/** A short, stable handle for a grant (the end of its id), to tell otherwise alike grants apart. */
export const shortGrantId = (grant: Grant): string => grant.id.slice(-6);
