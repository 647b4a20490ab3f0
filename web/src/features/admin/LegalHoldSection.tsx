/** Admin: place or lift a legal hold, always with a reason (it is audited). While on, nothing is destroyed. */
import { Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DealView } from '../../../../shared/src/index.ts';
import { dealsApi } from '../../api/deals.api.ts';
import { formatDateTime } from '../../format/intl.ts';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';
import { useDealMutation } from './deal-mutation.ts';

export function LegalHoldSection({ deal }: { deal: DealView }) {
  const { t, i18n } = useTranslation('admin');
  const [reason, setReason] = useState('');
  const on = deal.legalHold?.on ?? false;
  const hold = useDealMutation(deal.id, () =>
    dealsApi.legalHold(deal.id, { on: !on, reason: reason.trim() }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    hold.mutate(undefined, { onSuccess: () => setReason('') });
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2} size="h3">
            {t('hold.title')}
          </Title>
          <Text>
            {on && deal.legalHold
              ? t('hold.isOn', {
                  by: deal.legalHold.by,
                  at: formatDateTime(deal.legalHold.at, i18n.language),
                  reason: deal.legalHold.reason,
                })
              : t('hold.isOff')}
          </Text>
          <Textarea
            label={on ? t('hold.liftReason') : t('hold.placeReason')}
            required
            maxLength={2000}
            autosize
            minRows={2}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
          <ErrorAlert error={hold.error} />
          <div>
            <Button type="submit" color={on ? 'blue' : 'red'} loading={hold.isPending}>
              {on ? t('hold.lift') : t('hold.place')}
            </Button>
          </div>
        </Stack>
      </form>
    </Paper>
  );
}
