/** Every page but the share link's: the header, then the page if signed in, else the sign-in screen in its place. */
import { Alert, Button, Center, Container, Loader, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import type { MeResponse } from '../../api/auth.api.ts';
import { useErrorMessage } from '../../i18n/use-error-message.ts';
import { SignInPage } from '../auth/SignInPage.tsx';
import { forgetCachedData, useMe } from '../auth/session.ts';
import { Header } from './Header.tsx';

export function SignedInLayout() {
  const { t } = useTranslation('common');
  const errorMessage = useErrorMessage();
  const me = useMe();
  const queryClient = useQueryClient();
  const signedOut = me.data === null;
  useEffect(() => {
    if (signedOut) forgetCachedData(queryClient);
  }, [signedOut, queryClient]);
  return (
    <>
      <Header user={me.data?.user} />
      <main>
        {me.isPending ? (
          <Center py="xl">
            <Loader aria-label={t('loading')} />
          </Center>
        ) : me.isError ? (
          <Container size="sm" py="xl">
            <Stack>
              <Alert color="red" role="alert">
                {errorMessage(me.error)}
              </Alert>
              <Button onClick={() => void me.refetch()}>{t('retry')}</Button>
            </Stack>
          </Container>
        ) : me.data ? (
          <Outlet context={me.data satisfies MeResponse} />
        ) : (
          <SignInPage />
        )}
      </main>
    </>
  );
}
