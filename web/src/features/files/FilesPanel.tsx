/**
 * A deal's files as the caller may see them: sellers and admins see every file with its status
 * (polled while processing) and may destroy one; buyers and advisors see their granted files and
 * download them.
 */
import { Alert, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/api-error.ts';
import { filesApi } from '../../api/files.api.ts';
import { formatBytes, formatDateTime, formatNumber } from '../../format/intl.ts';
import { useErrorMessage } from '../../i18n/use-error-message.ts';
import { ConfirmButton } from '../shell/ConfirmButton.tsx';
import { FileCards } from './FileCards.tsx';
import { FileDetails } from './FileDetails.tsx';
import { FileStatusBadge } from './FileStatusBadge.tsx';
import { useDownload } from './use-download.ts';

export const filesKey = (dealId: string) => ['files', dealId] as const;

export function FilesPanel({
  dealId,
  manage,
  accessEnded = false,
}: {
  dealId: string;
  manage: boolean;
  /** The deal has closed for this caller's party: say so rather than "nothing shared yet". */
  accessEnded?: boolean;
}) {
  const { t, i18n } = useTranslation('files');
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [details, setDetails] = useState<string | null>(null);
  const files = useQuery({
    queryKey: filesKey(dealId),
    queryFn: () => filesApi.list(dealId),
    refetchInterval: (query) =>
      query.state.data?.items.some((file) => file.status === 'processing') ? 2000 : false,
  });
  const download = useDownload(dealId);
  /**
   * Files whose download this caller's grant refused as view-only. The files list does not say
   * which actions a buyer's grant allows, so a card learns it from the first refusal.
   */
  const [viewOnly, setViewOnly] = useState<string[]>([]);
  const downloadFile = (fileId: string) =>
    download.mutate(fileId, {
      onError: (error) => {
        if (isApiError(error) && error.code === 'GRANT.NO_DOWNLOAD')
          setViewOnly((current) => [...current, fileId]);
      },
    });
  const destroy = useMutation({
    mutationFn: (fileId: string) => filesApi.destroy(dealId, fileId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: filesKey(dealId) }),
  });
  const items = files.data?.items.filter((file) => file.status !== 'uploading' || manage) ?? [];
  const language = i18n.language;

  return (
    <Stack>
      <Title order={2} size="h3">
        {t('list.title')}
      </Title>
      {files.isPending && <Loader aria-label={t('common:loading')} />}
      {[files.error, manage ? download.error : null, destroy.error].map(
        (error, index) =>
          error && (
            <Alert key={index} color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          ),
      )}
      {accessEnded && items.length === 0 && (
        <Alert color="gray" title={t('list.endedTitle')}>
          {t('errors:codes.DEAL.ACCESS_ENDED')}
        </Alert>
      )}
      {files.data && items.length === 0 && !accessEnded && (
        <Alert color="gray" title={t('list.emptyTitle')}>
          {manage ? t('list.emptySeller') : t('list.emptyBuyer')}
        </Alert>
      )}
      {!manage && items.length > 0 && (
        <FileCards
          files={items}
          onDetails={setDetails}
          onDownload={downloadFile}
          downloading={download.isPending ? download.variables : undefined}
          viewOnly={viewOnly}
          refusal={
            download.isError && download.variables
              ? { fileId: download.variables, message: errorMessage(download.error) }
              : undefined
          }
        />
      )}
      {manage && items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.name')}</Table.Th>
                <Table.Th>{t('list.category')}</Table.Th>
                <Table.Th>{t('list.size')}</Table.Th>
                <Table.Th>{t('list.status')}</Table.Th>
                <Table.Th>{t('list.uploaded')}</Table.Th>
                <Table.Th>{t('list.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((file) => (
                <Table.Tr key={file.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm" fw={500}>
                      {file.name}
                    </Text>
                    {file.profile && file.profile.format !== 'other' && (
                      <Text size="xs" c="dimmed">
                        {t('list.rows', {
                          rows: formatNumber(file.profile.rows, language),
                          count: file.profile.rows,
                        })}
                        {file.profile.columns.some((column) => column.kinds.length > 0) &&
                          ` · ${t('list.hasPii')}`}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <Text size="sm">{t(`common:categories.${file.category}`)}</Text>
                      <Badge
                        variant="outline"
                        color={
                          file.sensitivity === 'sensitive'
                            ? 'red'
                            : file.sensitivity === 'personal'
                              ? 'orange'
                              : 'gray'
                        }
                      >
                        {t(`common:sensitivities.${file.sensitivity}`)}
                      </Badge>
                    </Stack>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(file.size, language)}</Table.Td>
                  <Table.Td>
                    <FileStatusBadge status={file.status} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(file.createdAt, language)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => setDetails(file.id)}
                        aria-label={t('list.detailsFor', { name: file.name })}
                      >
                        {t('list.details')}
                      </Button>
                      {manage && file.status !== 'destroyed' && (
                        <ConfirmButton
                          label={t('list.destroy')}
                          ariaLabel={t('list.destroyFor', { name: file.name })}
                          title={t('list.destroyTitle')}
                          message={t('list.destroyConfirm', { name: file.name })}
                          onConfirm={() => destroy.mutate(file.id)}
                        />
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {details && (
        <FileDetails
          dealId={dealId}
          file={items.find((file) => file.id === details)}
          onClose={() => setDetails(null)}
        />
      )}
    </Stack>
  );
}
