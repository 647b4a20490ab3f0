/**
 * What an open share link offers: the deal, who it is for, when it expires, how many downloads are
 * left, and each file with its size, classification, SHA-256 and a download button. Cards rather
 * than a table, so a 390 px phone shows everything without scrolling sideways.
 */
import { Alert, Badge, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkOffer } from '../../../../shared/src/index.ts';
import { formatBytes, formatDateTime, formatRelative } from '../../format/intl.ts';
import classes from './LinkOfferView.module.css';
import { linkApi } from './link.api.ts';

type OfferedFile = LinkOffer['files'][number];

export interface LinkOfferViewProps {
  token: string;
  offer: LinkOffer;
  /**
   * Reads the offer again; true if it still allows a download. A refusal (withdrawn, expired,
   * closed meanwhile) replaces this view with its explanation.
   */
  recheck: () => Promise<boolean>;
}

export function LinkOfferView({ token, offer, recheck }: LinkOfferViewProps) {
  const { t, i18n } = useTranslation('link');
  const language = i18n.resolvedLanguage ?? 'en';
  const [started, setStarted] = useState<OfferedFile>();
  const [checking, setChecking] = useState<string>();
  const usedUp = offer.downloadsLeft < 1;

  // Checked just before, so a link withdrawn or used up meanwhile is explained here rather than by
  // the API's JSON. Then the browser itself follows the API's 302 to the short-lived file URL (S3's
  // own origin in AWS, so a top-level navigation, not a fetch or a frame): an attachment, the page stays.
  const download = async (file: OfferedFile) => {
    setChecking(file.id);
    const allowed = await recheck().finally(() => setChecking(undefined));
    if (!allowed) return;
    window.location.assign(linkApi.downloadUrl(token, file.id));
    setStarted(file);
    setTimeout(() => void recheck(), 1500);
  };

  return (
    <Stack>
      <div>
        <Text size="sm" c="dimmed">
          {t('offer.kicker')}
        </Text>
        <Title order={1} size="h2">
          {offer.deal.name}
        </Title>
      </div>
      <Text>{t('offer.intro', { email: offer.link.recipientEmail })}</Text>
      <Group gap="xs" wrap="wrap">
        <Badge variant="light" color={usedUp ? 'red' : 'blue'} size="lg">
          {t('offer.downloadsLeft', { count: offer.downloadsLeft })}
        </Badge>
        <Text size="sm">
          {t('offer.expires', {
            date: formatDateTime(offer.link.expiresAt, language),
            relative: formatRelative(offer.link.expiresAt, language),
          })}
        </Text>
      </Group>
      {usedUp && (
        <Alert color="red" role="alert" title={t('problems.usedUp.title')}>
          {t('problems.usedUp.body')}
        </Alert>
      )}
      {started && (
        <Text role="status" size="sm">
          {t('offer.started', { name: started.name })}
        </Text>
      )}
      <Title order={2} size="h4">
        {t('offer.files', { count: offer.files.length })}
      </Title>
      {offer.files.length === 0 ? (
        <Alert color="gray">{t('offer.noFiles')}</Alert>
      ) : (
        <Stack gap="sm" component="ul" className={classes.files}>
          {offer.files.map((file) => (
            <Card key={file.id} withBorder padding="sm" component="li">
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                <Stack gap={4} className={classes.text}>
                  <Text fw={600} className={classes.wrap}>
                    {file.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {[
                      formatBytes(file.size, language),
                      t(`common:categories.${file.category}`),
                      file.sensitivity ? t(`common:sensitivities.${file.sensitivity}`) : undefined,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                  {file.sha256 && (
                    <Text size="xs" c="dimmed" className={classes.wrap}>
                      {t('offer.sha256')} <Code>{file.sha256}</Code>
                    </Text>
                  )}
                </Stack>
                <Button
                  leftSection={<IconDownload size={16} aria-hidden />}
                  disabled={usedUp}
                  loading={checking === file.id}
                  onClick={() => void download(file)}
                  aria-label={t('offer.downloadFile', { name: file.name })}
                >
                  {t('offer.download')}
                </Button>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
