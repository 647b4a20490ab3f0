/** The seller's upload area: drop or pick many files, classify them (for the batch or one by one), upload. */
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CategorySelect, SensitivitySelect, UploadRow } from './UploadRow.tsx';
import { type UploadDefaults, useUploadQueue } from './use-upload-queue.ts';

export function UploadPanel({ dealId }: { dealId: string }) {
  const { t } = useTranslation('files');
  const queue = useUploadQueue(dealId);
  const openPicker = useRef<() => void>(null);
  const [defaults, setDefaults] = useState<UploadDefaults>({ category: 'other', sensitivity: undefined });
  const queued = queue.items.filter((item) => item.phase === 'queued').length;
  const finished = queue.items.some((item) => item.phase === 'done' || item.phase === 'cancelled');
  const busy = queue.items.some((item) => item.phase === 'uploading' || item.phase === 'completing');
  // Closing the tab or reloading would abandon the parts in flight: let the browser ask first.
  useEffect(() => {
    if (!busy) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [busy]);

  return (
    <Stack>
      <Title order={2} size="h3">
        {t('upload.title')}
      </Title>
      <Group align="flex-end" wrap="wrap">
        <CategorySelect
          label={t('upload.batchCategory')}
          value={defaults.category}
          onChange={(category) => setDefaults((current) => ({ ...current, category }))}
        />
        <SensitivitySelect
          label={t('upload.batchSensitivity')}
          value={defaults.sensitivity}
          onChange={(sensitivity) => setDefaults((current) => ({ ...current, sensitivity }))}
        />
      </Group>
      <Dropzone
        onDrop={(files) => queue.add(files, defaults)}
        openRef={openPicker}
        activateOnClick={false}
        inputProps={{ 'aria-label': t('upload.input') }}
      >
        <Stack align="center" gap="xs" py="md">
          <IconUpload size={32} aria-hidden />
          <Text>{t('upload.dropHere')}</Text>
          <Button variant="default" onClick={() => openPicker.current?.()}>
            {t('upload.choose')}
          </Button>
          <Text size="sm" c="dimmed">
            {t('upload.formats')}
          </Text>
        </Stack>
      </Dropzone>
      {queue.items.map((item) => (
        <UploadRow
          key={item.key}
          item={item}
          onChange={(patch) => queue.update(item.key, patch)}
          onRemove={() => queue.remove(item.key)}
          onCancel={() => queue.cancel(item.key)}
          onRetry={() => queue.retry(item.key)}
          running={busy}
        />
      ))}
      <Group>
        {queued > 0 && !busy && (
          <Button onClick={() => void queue.start()}>{t('upload.start', { count: queued })}</Button>
        )}
        {finished && (
          <Button variant="subtle" onClick={queue.clearFinished}>
            {t('upload.clear')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
