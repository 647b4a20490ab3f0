/** The top bar: the app's name (home), the language control, and who is signed in with a sign-out button. */
import { Button, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { User } from '../../../../shared/src/index.ts';
import { authApi } from '../../api/auth.api.ts';
import { signedOut } from '../auth/session.ts';
import classes from './Header.module.css';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function Header({ user }: { user?: User | null | undefined }) {
  const { t } = useTranslation('common');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: authApi.logout,
    onSettled: () => {
      signedOut(queryClient);
      void navigate('/');
    },
  });
  return (
    <header className={classes.header}>
      <div className={classes.bar}>
        <Link to="/" className={classes.brand}>
          {t('appName')}
        </Link>
        <Group gap="md" wrap="wrap">
          <LanguageSwitch />
          {user && (
            <>
              <Text size="sm" className={classes.user}>
                {user.email}
                {user.isAdmin ? ` · ${t('adminBadge')}` : ''}
              </Text>
              <Button
                variant="default"
                size="xs"
                onClick={() => signOut.mutate()}
                loading={signOut.isPending}
              >
                {t('signOut')}
              </Button>
            </>
          )}
        </Group>
      </div>
    </header>
  );
}
