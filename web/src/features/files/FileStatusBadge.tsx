/** A file's status as a badge with its word. */
import { Badge, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FileStatus } from '../../../../shared/src/index.ts';

const COLORS: Record<FileStatus, string> = {
  uploading: 'blue',
  processing: 'blue',
  available: 'green',
  rejected: 'red',
  destroyed: 'dark',
};

export function FileStatusBadge({ status }: { status: FileStatus }) {
  const { t } = useTranslation('files');
  return (
    <Badge
      color={COLORS[status]}
      variant="light"
      leftSection={status === 'processing' ? <Loader size={10} color="blue" aria-hidden /> : undefined}
    >
      {t(`status.${status}`)}
    </Badge>
  );
}
