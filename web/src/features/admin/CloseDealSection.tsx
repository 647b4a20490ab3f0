/**
 * Admin: close the deal, the master switch that ends every grant and link at once. Confirmed by
 * typing the deal's name; optionally one party keeps access for a transfer window.
 */
import {
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DealView } from '../../../../shared/src/index.ts';
import { issueAt } from '../../api/api-error.ts';
import { dealsApi } from '../../api/deals.api.ts';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';
import { useDealMutation } from './deal-mutation.ts';
import { useParties } from './PartiesPanel.tsx';

const NO_TRANSFER = '';

export function CloseDealSection({ deal }: { deal: DealView }) {
  const { t } = useTranslation('admin');
  const parties = useParties(deal.id);
  const [typedName, setTypedName] = useState('');
  const [transferPartyId, setTransferPartyId] = useState(NO_TRANSFER);
  const [transferDays, setTransferDays] = useState<number | string>(() =>
    Math.max(1, Math.min(14, deal.retentionDays)),
  );
  const withTransfer = transferPartyId !== NO_TRANSFER;
  const close = useDealMutation(deal.id, () =>
    dealsApi.close(
      deal.id,
      withTransfer ? { transferPartyId, transferWindowDays: Number(transferDays) } : {},
    ),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    close.mutate(undefined);
  };
  const buyers = parties.data?.items.filter((party) => party.role !== 'seller') ?? [];
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack>
          <Title order={2} size="h3">
            {t('close.title')}
          </Title>
          <Text>{t('close.explain', { days: deal.retentionDays })}</Text>
          <Group align="flex-end" wrap="wrap">
            <NativeSelect
              label={t('close.transferParty')}
              value={transferPartyId}
              onChange={(event) => setTransferPartyId(event.currentTarget.value)}
              error={issueAt(close.error, 'transferPartyId')}
              data={[
                { value: NO_TRANSFER, label: t('close.noTransfer') },
                ...buyers.map((party) => ({ value: party.id, label: party.name })),
              ]}
            />
            {withTransfer && (
              <NumberInput
                label={t('close.transferDays')}
                description={t('close.transferDaysHelp', { days: deal.retentionDays })}
                required
                min={1}
                max={3650}
                allowDecimal={false}
                value={transferDays}
                onChange={setTransferDays}
                error={issueAt(close.error, 'transferWindowDays')}
              />
            )}
          </Group>
          <TextInput
            label={t('close.typeName', { name: deal.name })}
            required
            autoComplete="off"
            value={typedName}
            onChange={(event) => setTypedName(event.currentTarget.value)}
          />
          <ErrorAlert error={close.error} />
          <div>
            <Button
              type="submit"
              color="red"
              disabled={typedName.trim() !== deal.name}
              loading={close.isPending}
            >
              {t('close.submit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Paper>
  );
}
