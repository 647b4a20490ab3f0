/** Shown if a page fails to render: a plain apology and two ways on (reload, home) instead of a blank screen. */
import { Alert, Button, Container, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function RouteError() {
  const { t } = useTranslation('common');
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Alert color="red" role="alert" title={t('crash.title')}>
          {t('crash.body')}
        </Alert>
        <Group>
          <Button onClick={() => window.location.reload()}>{t('crash.reload')}</Button>
          <Button component="a" href="/" variant="default">
            {t('notFound.home')}
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
