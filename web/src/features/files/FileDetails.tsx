/** A file's facts, its dataset profile (rows, personal-data kinds per column) and the masked preview, if any. */
import { Badge, Code, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { filesApi, type ListedFileSchema } from '../../api/files.api.ts';
import { formatBytes, formatDateTime, formatNumber, formatPercent } from '../../format/intl.ts';

type ListedFile = z.infer<typeof ListedFileSchema>;

export function FileDetails({
  dealId,
  file,
  onClose,
}: {
  dealId: string;
  file: ListedFile | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('files');
  const language = i18n.language;
  const preview = useQuery({
    queryKey: ['preview', dealId, file?.id],
    queryFn: () => filesApi.preview(dealId, file?.id ?? ''),
    enabled: file?.status === 'available',
    retry: false,
  });
  if (!file) return null;
  const profile = file.profile;
  return (
    <Modal opened onClose={onClose} title={file.name} size="xl">
      <Stack>
        <Table variant="vertical" withTableBorder>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={200}>{t('details.size')}</Table.Th>
              <Table.Td>{formatBytes(file.size, language)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('details.contentType')}</Table.Th>
              <Table.Td>{file.contentType}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('details.sha256')}</Table.Th>
              <Table.Td>
                <Code style={{ overflowWrap: 'anywhere' }}>{file.sha256 ?? t('common:none')}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('details.uploadedBy')}</Table.Th>
              <Table.Td>
                {file.createdBy} · {formatDateTime(file.createdAt, language)}
              </Table.Td>
            </Table.Tr>
            {file.rejectedReason && (
              <Table.Tr>
                <Table.Th>{t('details.rejected')}</Table.Th>
                <Table.Td>{file.rejectedReason}</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
        {profile && (
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('details.profile')}
            </Title>
            <Text size="sm">
              {t('details.profileSummary', {
                rows: formatNumber(profile.rows, language),
                duplicates: formatNumber(profile.duplicateRows, language),
                encoding: profile.encoding ?? t('common:none'),
              })}
            </Text>
            <Text size="sm">
              {t('details.suggested', {
                sensitivity: t(`common:sensitivities.${profile.suggestedSensitivity}`),
              })}
            </Text>
            <Table.ScrollContainer minWidth={480}>
              <Table withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('details.column')}</Table.Th>
                    <Table.Th>{t('details.kinds')}</Table.Th>
                    <Table.Th>{t('details.empty')}</Table.Th>
                    <Table.Th>{t('details.invalid')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {profile.columns.map((column) => (
                    <Table.Tr key={column.name}>
                      <Table.Td>{column.name}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {column.kinds.map((kind) => (
                            <Badge key={kind.kind} variant="light" color="violet">
                              {t(`pii.${kind.kind}`)} {formatPercent(kind.share, language)}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatPercent(column.emptyShare, language)}</Table.Td>
                      <Table.Td>{formatNumber(column.invalidCount, language)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
        {preview.data && (
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('details.preview')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('details.previewMasked')}
            </Text>
            <Table.ScrollContainer minWidth={480}>
              <Table withTableBorder striped>
                <Table.Thead>
                  <Table.Tr>
                    {preview.data.columns.map((column) => (
                      <Table.Th key={column}>{column}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.data.rows.map((row, rowIndex) => (
                    <Table.Tr key={rowIndex}>
                      {row.map((cell, cellIndex) => (
                        <Table.Td key={cellIndex}>{cell}</Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
