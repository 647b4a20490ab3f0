/** Buyers' and advisors' view of their granted files: one card per file, so it reads on a 390 px phone. */
import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ListedFileSchema } from '../../api/files.api.ts';
import { formatBytes, formatNumber } from '../../format/intl.ts';
import { FileStatusBadge } from './FileStatusBadge.tsx';

type ListedFile = z.infer<typeof ListedFileSchema>;

interface FileCardsProps {
  files: ListedFile[];
  onDetails: (fileId: string) => void;
  onDownload: (fileId: string) => void;
  downloading: string | undefined;
  /** Files this caller may view but not download: a "View only" badge instead of the button. */
  viewOnly: readonly string[];
  /** The last download refusal, shown on its file's card rather than at the top of the page. */
  refusal: { fileId: string; message: string } | undefined;
}

export function FileCards({ files, onDetails, onDownload, downloading, viewOnly, refusal }: FileCardsProps) {
  const { t, i18n } = useTranslation('files');
  const language = i18n.language;
  return (
    <Stack gap="sm">
      {files.map((file) => (
        <Paper key={file.id} withBorder p="sm">
          <Stack gap={6}>
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {file.name}
            </Text>
            <Group gap="xs" wrap="wrap">
              <Text size="sm">{formatBytes(file.size, language)}</Text>
              <Text size="sm">· {t(`common:categories.${file.category}`)}</Text>
              <Badge variant="outline" color="gray">
                {t(`common:sensitivities.${file.sensitivity}`)}
              </Badge>
              <FileStatusBadge status={file.status} />
            </Group>
            {file.profile && file.profile.format !== 'other' && (
              <Text size="xs" c="dimmed">
                {t('list.rows', {
                  rows: formatNumber(file.profile.rows, language),
                  count: file.profile.rows,
                })}
              </Text>
            )}
            <Group gap="xs">
              {file.status === 'available' && viewOnly.includes(file.id) && (
                <Badge variant="light" color="gray">
                  {t('list.viewOnly')}
                </Badge>
              )}
              {file.status === 'available' && !viewOnly.includes(file.id) && (
                <Button
                  size="sm"
                  onClick={() => onDownload(file.id)}
                  loading={downloading === file.id}
                  aria-label={t('list.downloadFor', { name: file.name })}
                >
                  {t('list.download')}
                </Button>
              )}
              <Button
                size="sm"
                variant="default"
                onClick={() => onDetails(file.id)}
                aria-label={t('list.detailsFor', { name: file.name })}
              >
                {t('list.details')}
              </Button>
            </Group>
            {refusal?.fileId === file.id && (
              <Alert color="red" role="alert" p="xs">
                {refusal.message}
              </Alert>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
