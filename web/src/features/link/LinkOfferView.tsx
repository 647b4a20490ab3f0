/**
 * What an open share link offers: the deal, who it is for, when it expires, how many downloads are
 * left, and each file with its size, classification, SHA-256 and a download button. Cards rather
 * than a table, so a 390 px phone shows everything without scrolling sideways.
 */
import { Alert, Badge, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { type SyntheticEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBodySchema, type LinkOffer } from '../../../../shared/src/index.ts';
import { ApiError } from '../../api/api-error.ts';
import { formatBytes, formatDateTime, formatRelative } from '../../format/intl.ts';
import { useErrorMessage } from '../../i18n/use-error-message.ts';
import classes from './LinkOfferView.module.css';
import { linkApi } from './link.api.ts';

type OfferedFile = LinkOffer['files'][number];

export interface LinkOfferViewProps {
  token: string;
  offer: LinkOffer;
  /** Reads the offer again (after a download, to show the downloads left). */
  onChange: () => void;
}

export function LinkOfferView({ token, offer, onChange }: LinkOfferViewProps) {
  const { t, i18n } = useTranslation('link');
  const language = i18n.resolvedLanguage ?? 'en';
  const errorMessage = useErrorMessage();
  const [attempt, setAttempt] = useState<{ file: OfferedFile; n: number }>();
  const [failure, setFailure] = useState<ApiError>();
  const usedUp = offer.downloadsLeft < 1;

  // The download runs in a hidden frame: a file arrives as an attachment and the page stays; a
  // refusal (used up, expired, closed meanwhile) loads there as the API's JSON error, read back here.
  const download = (file: OfferedFile) => {
    setFailure(undefined);
    setAttempt({ file, n: (attempt?.n ?? 0) + 1 });
    setTimeout(onChange, 1500);
  };
  const readRefusal = (event: SyntheticEvent<HTMLIFrameElement>) => {
    const text = event.currentTarget.contentDocument?.body?.textContent ?? '';
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return; // not an error page: the file was handed to the browser's downloads
    }
    const refusal = ErrorBodySchema.safeParse(body);
    if (refusal.success) {
      setFailure(new ApiError({ status: 0, ...refusal.data.error }));
      onChange();
    }
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
      {attempt && !failure && (
        <Text role="status" size="sm">
          {t('offer.started', { name: attempt.file.name })}
        </Text>
      )}
      {attempt && failure && (
        <Alert color="red" role="alert" title={t('offer.failed', { name: attempt.file.name })}>
          {errorMessage(failure)}
        </Alert>
      )}
      {attempt && (
        <iframe
          key={attempt.n}
          src={linkApi.downloadUrl(token, attempt.file.id)}
          title={t('offer.downloadFrame')}
          hidden
          onLoad={readRefusal}
        />
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
                  onClick={() => download(file)}
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
