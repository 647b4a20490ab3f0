/** The sign-in screen shown in place of any page while signed out; the URL stays, so the user lands where they were. */
import { Alert, Container, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { SignInForm } from './SignInForm.tsx';
import { useSessionExpired } from './session.ts';

export function SignInPage() {
  const { t } = useTranslation('auth');
  const expired = useSessionExpired();
  useDocumentTitle(`${t('title')} · ${t('common:appName')}`);
  return (
    <Container size={420} py="xl">
      <Paper withBorder p="lg" radius="md">
        <Stack>
          <Title order={1} size="h2">
            {t('title')}
          </Title>
          <Text c="dimmed">{t('intro')}</Text>
          {expired && (
            <Alert color="orange" role="alert" title={t('expired.title')}>
              {t('expired.body')}
            </Alert>
          )}
          <SignInForm />
        </Stack>
      </Paper>
    </Container>
  );
}
