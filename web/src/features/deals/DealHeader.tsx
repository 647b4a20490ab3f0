/** The deal's name, status, legal hold and, once closed, when its data will be destroyed. */
import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DealView } from '../../../../shared/src/index.ts';
import { formatDateTime, formatRelative } from '../../format/intl.ts';
import { DealStatusBadge } from './DealStatusBadge.tsx';

export function DealHeader({ deal }: { deal: DealView }) {
  const { t, i18n } = useTranslation('deals');
  const language = i18n.language;
  return (
    <Stack gap={4}>
      <Group gap="sm" wrap="wrap">
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {deal.name}
        </Title>
        <DealStatusBadge status={deal.status} />
        {deal.legalHold?.on && (
          <Badge color="red" variant="filled">
            {t('status.legalHold')}
          </Badge>
        )}
        {deal.myParty && (
          <Badge color="gray" variant="outline">
            {t(`common:roles.${deal.myParty.role}`)}
          </Badge>
        )}
      </Group>
      {deal.closedAt && (
        <Text size="sm">{t('header.closedAt', { at: formatDateTime(deal.closedAt, language) })}</Text>
      )}
      {deal.destroyAt && deal.status !== 'destroyed' && (
        <Text size="sm" fw={600} c={deal.legalHold?.on ? 'dimmed' : undefined}>
          {deal.legalHold?.on
            ? t('header.destroyHeld', { at: formatDateTime(deal.destroyAt, language) })
            : t('header.destroyAt', {
                at: formatDateTime(deal.destroyAt, language),
                relative: formatRelative(deal.destroyAt, language),
              })}
        </Text>
      )}
      {deal.destroyedAt && (
        <Text size="sm">{t('header.destroyedAt', { at: formatDateTime(deal.destroyedAt, language) })}</Text>
      )}
      {deal.transfer && (
        <Text size="sm">
          {t('header.transfer', { until: formatDateTime(deal.transfer.until, language) })}
        </Text>
      )}
    </Stack>
  );
}
