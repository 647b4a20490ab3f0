/**
 * The share-link landing page (`/s/:token`). A link works only for the address it was sent to,
 * signed in: so first what this is and the sign-in by code, then what the link offers (files,
 * expiry, downloads left) with a download for each, or in plain words why it cannot be used.
 */
import { Alert, Button, Center, Container, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useErrorMessage } from '../../i18n/use-error-message.ts';
import { SignInForm } from '../auth/SignInForm.tsx';
import { useMe } from '../auth/session.ts';
import { Header } from '../shell/Header.tsx';
import { LinkOfferView } from './LinkOfferView.tsx';
import { LinkProblem } from './LinkProblem.tsx';
import { linkApi } from './link.api.ts';

export function LinkPage() {
  const { t } = useTranslation('link');
  const errorMessage = useErrorMessage();
  const { token = '' } = useParams();
  const me = useMe();
  const user = me.data?.user;
  // Keyed by who is signed in, so a sign-in (or a switch of person) reads the offer afresh.
  const offer = useQuery({
    queryKey: ['link', token, user?.email],
    queryFn: () => linkApi.offer(token),
    enabled: Boolean(user),
    retry: false,
  });

  const body = () => {
    if (me.isPending || (user && offer.isPending)) {
      return (
        <Center py="xl">
          <Loader aria-label={t('common:loading')} />
        </Center>
      );
    }
    if (me.isError) {
      return (
        <Stack align="flex-start">
          <Alert color="red" role="alert">
            {errorMessage(me.error)}
          </Alert>
          <Button onClick={() => void me.refetch()}>{t('common:retry')}</Button>
        </Stack>
      );
    }
    if (!user) {
      return (
        <Stack>
          <Title order={1} size="h2">
            {t('signIn.title')}
          </Title>
          <Text>{t('signIn.intro')}</Text>
          <Text c="dimmed" size="sm">
            {t('signIn.which')}
          </Text>
          <SignInForm />
        </Stack>
      );
    }
    if (offer.isError)
      return (
        <LinkProblem
          error={offer.error}
          email={user.email}
          linkPath={`/s/${token}`}
          dealIds={me.data?.memberships.map((membership) => membership.dealId) ?? []}
        />
      );
    if (!offer.data) return null;
    const recheck = async () => {
      const fresh = await offer.refetch();
      return !fresh.isError && (fresh.data?.downloadsLeft ?? 0) > 0;
    };
    return <LinkOfferView token={token} offer={offer.data} recheck={recheck} />;
  };

  return (
    <>
      <Header user={user} />
      <main>
        <Container size="sm" px="sm" py="lg">
          <Paper withBorder p="md" radius="md">
            {body()}
          </Paper>
        </Container>
      </main>
    </>
  );
}
