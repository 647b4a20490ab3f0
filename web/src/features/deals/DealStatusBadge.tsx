/** A deal's status as a coloured badge with its word (colour is never the only cue). */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DealStatus } from '../../../../shared/src/index.ts';

const COLORS: Record<DealStatus, string> = {
  open: 'green',
  closed: 'gray',
  destroying: 'orange',
  destroyed: 'dark',
};

export function DealStatusBadge({ status }: { status: DealStatus }) {
  const { t } = useTranslation('deals');
  return (
    <Badge color={COLORS[status]} variant="light">
      {t(`status.${status}`)}
    </Badge>
  );
}
