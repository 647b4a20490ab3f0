/**
 * The handover checklist: every file the caller may see with its size, SHA-256, grade, rows and
 * personal-data kinds, the list's own hash, and the receipts. A buyer or advisor acknowledges
 * receipt of exactly this list (the receipt is bound to its hash; a list that changed meanwhile
 * is refused and shown afresh).
 */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { manifestApi } from '../../api/manifest.api.ts';
import { formatBytes, formatDateTime, formatNumber } from '../../format/intl.ts';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';

export function ManifestPanel({ dealId, canAcknowledge }: { dealId: string; canAcknowledge: boolean }) {
  const { t, i18n } = useTranslation('manifest');
  const queryClient = useQueryClient();
  const language = i18n.language;
  const [confirmed, setConfirmed] = useState(false);
  const manifest = useQuery({ queryKey: ['manifest', dealId], queryFn: () => manifestApi.get(dealId) });
  const receipts = useQuery({ queryKey: ['receipts', dealId], queryFn: () => manifestApi.receipts(dealId) });
  const acknowledge = useMutation({
    mutationFn: (sha256: string) => manifestApi.acknowledge(dealId, sha256),
    onSuccess: () => setConfirmed(false),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['manifest', dealId] }),
        queryClient.invalidateQueries({ queryKey: ['receipts', dealId] }),
      ]),
  });
  const current = manifest.data;
  const acknowledged = receipts.data?.items.some((receipt) => receipt.sha256OfManifest === current?.sha256);

  return (
    <Stack>
      <Title order={2} size="h3">
        {t('title')}
      </Title>
      <Text c="dimmed">{t('intro')}</Text>
      {manifest.isPending && <Loader aria-label={t('common:loading')} />}
      <ErrorAlert error={manifest.error} />
      {current && current.manifest.files.length === 0 && <Text>{t('empty')}</Text>}
      {current && current.manifest.files.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('file')}</Table.Th>
                <Table.Th>{t('size')}</Table.Th>
                <Table.Th>{t('grade')}</Table.Th>
                <Table.Th>{t('rows')}</Table.Th>
                <Table.Th>{t('pii')}</Table.Th>
                <Table.Th>{t('sha256')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {current.manifest.files.map((file) => (
                <Table.Tr key={file.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{file.name}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(file.size, language)}</Table.Td>
                  <Table.Td>
                    {t(`common:categories.${file.category}`)} ·{' '}
                    {t(`common:sensitivities.${file.sensitivity}`)}
                  </Table.Td>
                  <Table.Td>
                    {file.rows === null ? t('common:none') : formatNumber(file.rows, language)}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {file.piiKinds.length === 0
                        ? t('common:none')
                        : file.piiKinds.map((kind) => (
                            <Badge key={kind} variant="light" color="violet">
                              {t(`files:pii.${kind}`)}
                            </Badge>
                          ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Code style={{ overflowWrap: 'anywhere' }}>{file.sha256}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {current && (
        <Text size="sm">
          {t('listHash', { at: formatDateTime(current.generatedAt, language) })}{' '}
          <Code style={{ overflowWrap: 'anywhere' }}>{current.sha256}</Code>
        </Text>
      )}
      {current && canAcknowledge && current.manifest.files.length > 0 && !acknowledged && (
        <Stack gap="sm" align="flex-start">
          <Checkbox
            label={t('confirm', { count: current.manifest.files.length })}
            checked={confirmed}
            onChange={(event) => setConfirmed(event.currentTarget.checked)}
          />
          <Button
            disabled={!confirmed}
            loading={acknowledge.isPending}
            onClick={() => acknowledge.mutate(current.sha256)}
          >
            {t('acknowledge')}
          </Button>
        </Stack>
      )}
      <ErrorAlert error={acknowledge.error} />
      {acknowledged && (
        <Alert color="green" role="status">
          {t('acknowledged')}
        </Alert>
      )}
      <Title order={3} size="h4">
        {t('receipts')}
      </Title>
      <ErrorAlert error={receipts.error} />
      {receipts.data?.items.length === 0 && <Text c="dimmed">{t('noReceipts')}</Text>}
      {receipts.data?.items.map((receipt) => (
        <Text key={receipt.id} size="sm">
          {t('receipt', {
            by: receipt.createdBy,
            at: formatDateTime(receipt.createdAt, language),
            count: receipt.files,
          })}{' '}
          <Code>{receipt.sha256OfManifest.slice(0, 16)}…</Code>
        </Text>
      ))}
    </Stack>
  );
}
