/** One file in the upload queue: its classification while queued, then progress, speed and time left. */
import { Alert, Button, Group, NativeSelect, Paper, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  FileCategories,
  type FileCategory,
  Sensitivities,
  type Sensitivity,
} from '../../../../shared/src/index.ts';
import { formatBytes, formatDuration, formatPercent, formatRate } from '../../format/intl.ts';
import { useErrorMessage } from '../../i18n/use-error-message.ts';
import { PartUploadError } from './upload-engine.ts';
import type { UploadItem } from './use-upload-queue.ts';

export const AUTO_SENSITIVITY = 'auto';

export function CategorySelect(props: {
  label: string;
  value: FileCategory;
  onChange: (value: FileCategory) => void;
}) {
  const { t } = useTranslation('common');
  return (
    <NativeSelect
      label={props.label}
      value={props.value}
      onChange={(event) => props.onChange(event.currentTarget.value as FileCategory)}
      data={FileCategories.map((category) => ({ value: category, label: t(`categories.${category}`) }))}
    />
  );
}

export function SensitivitySelect(props: {
  label: string;
  value: Sensitivity | undefined;
  onChange: (value: Sensitivity | undefined) => void;
}) {
  const { t } = useTranslation('files');
  return (
    <NativeSelect
      label={props.label}
      value={props.value ?? AUTO_SENSITIVITY}
      onChange={(event) => {
        const value = event.currentTarget.value;
        props.onChange(value === AUTO_SENSITIVITY ? undefined : (value as Sensitivity));
      }}
      data={[
        { value: AUTO_SENSITIVITY, label: t('upload.sensitivityAuto') },
        ...Sensitivities.map((level) => ({ value: level, label: t(`common:sensitivities.${level}`) })),
      ]}
    />
  );
}

interface UploadRowProps {
  item: UploadItem;
  onChange: (patch: Partial<UploadItem>) => void;
  onRemove: () => void;
  onCancel: () => void;
  onRetry: () => void;
  /** An upload run is under way: a queued file is already part of it (waiting its turn), not editable. */
  running: boolean;
}

export function UploadRow({ item, onChange, onRemove, onCancel, onRetry, running }: UploadRowProps) {
  const { t, i18n } = useTranslation('files');
  const errorMessage = useErrorMessage();
  const language = i18n.language;
  const name = item.file.name;
  const share =
    item.phase === 'done' || item.phase === 'completing' ? 1 : item.uploaded / Math.max(1, item.file.size);
  const percent = Math.floor(share * 100);

  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {name}
          </Text>
          <Text size="sm" c="dimmed">
            {formatBytes(item.file.size, language)}
          </Text>
        </Group>
        {item.phase === 'queued' && running ? (
          <Text size="sm" c="dimmed" role="status">
            {t('upload.phase.queued')}
          </Text>
        ) : item.phase === 'queued' ? (
          <Group align="flex-end" wrap="wrap">
            <CategorySelect
              label={t('upload.categoryFor', { name })}
              value={item.category}
              onChange={(category) => onChange({ category })}
            />
            <SensitivitySelect
              label={t('upload.sensitivityFor', { name })}
              value={item.sensitivity}
              onChange={(sensitivity) => onChange({ sensitivity })}
            />
            <Button variant="default" onClick={onRemove} aria-label={t('upload.removeFor', { name })}>
              {t('upload.remove')}
            </Button>
          </Group>
        ) : (
          <>
            <Progress
              value={percent}
              aria-label={t('upload.progressOf', { name })}
              color={item.phase === 'failed' ? 'red' : item.phase === 'cancelled' ? 'gray' : 'blue'}
              size="lg"
            />
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text size="sm" aria-live="polite">
                {t(`upload.phase.${item.phase}`, { status: t(`status.${item.fileStatus ?? 'processing'}`) })}
              </Text>
              <Text size="sm" c="dimmed">
                {formatPercent(share, language)}
                {item.phase === 'uploading' && item.bytesPerSecond > 0
                  ? ` · ${formatRate(item.bytesPerSecond, language)}`
                  : ''}
                {item.phase === 'uploading' && item.secondsLeft !== undefined
                  ? ` · ${t('upload.timeLeft', { time: formatDuration(item.secondsLeft, language) })}`
                  : ''}
              </Text>
            </Group>
            {item.phase === 'failed' && (
              <Alert color="red" role="alert">
                {item.error instanceof PartUploadError ? t('upload.partFailed') : errorMessage(item.error)}
              </Alert>
            )}
            <Group gap="xs">
              {item.phase === 'uploading' && (
                <Button
                  variant="default"
                  size="xs"
                  onClick={onCancel}
                  aria-label={t('upload.cancelFor', { name })}
                >
                  {t('upload.cancel')}
                </Button>
              )}
              {(item.phase === 'failed' || item.phase === 'cancelled') && item.file.size > 0 && (
                <Button
                  variant="default"
                  size="xs"
                  onClick={onRetry}
                  aria-label={t('upload.retryFor', { name })}
                >
                  {t('upload.retry')}
                </Button>
              )}
              {item.phase === 'failed' && (
                <Button
                  variant="subtle"
                  size="xs"
                  onClick={onRemove}
                  aria-label={t('upload.removeFor', { name })}
                >
                  {t('upload.remove')}
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
