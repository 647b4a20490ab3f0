/**
 * Why a share link cannot be used, in the recipient's words: expired, revoked, used up, ended by
 * the deal's close, sent to someone else (with a way to sign in as that person), and so on.
 */
import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/api-error.ts';
import { authApi } from '../../api/auth.api.ts';
import { useErrorMessage } from '../../i18n/use-error-message.ts';
import { signedOut } from '../auth/session.ts';

/** Error codes with their own explanation in link.json (`problems.<key>`). */
const PROBLEMS: Record<string, string> = {
  'LINK.NOT_FOUND': 'notFound',
  'LINK.EXPIRED': 'expired',
  'LINK.REVOKED': 'revoked',
  'LINK.EXHAUSTED': 'usedUp',
  'LINK.WRONG_RECIPIENT': 'wrongRecipient',
  'GRANT.EXPIRED': 'expired',
  'GRANT.REVOKED': 'revoked',
  'GRANT.EXHAUSTED': 'usedUp',
  'DEAL.ACCESS_ENDED': 'accessEnded',
  'NDA.REQUIRED': 'ndaRequired',
  FORBIDDEN: 'noLongerMember',
};

/** What the deal page reads to come back to the link once the NDA is accepted. */
export interface AfterNdaState {
  returnTo: string;
}

export function LinkProblem({
  error,
  email,
  linkPath,
  dealIds,
}: {
  error: unknown;
  email: string;
  /** This link's own page, to come back to after accepting the NDA. */
  linkPath: string;
  /** The deals the caller is a member of: with one, the NDA link opens it directly. */
  dealIds: string[];
}) {
  const { t } = useTranslation('link');
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: authApi.logout,
    onSettled: () => signedOut(queryClient),
  });
  const problem = isApiError(error) ? PROBLEMS[error.code] : undefined;

  return (
    <Stack>
      <Title order={1} size="h2">
        {problem ? t(`problems.${problem}.title`) : t('problems.other.title')}
      </Title>
      <Alert color={problem === 'wrongRecipient' ? 'yellow' : 'red'} role="alert">
        {problem ? t(`problems.${problem}.body`) : errorMessage(error)}
      </Alert>
      {problem === 'wrongRecipient' ? (
        <>
          <Text>{t('problems.wrongRecipient.signedInAs', { email })}</Text>
          <Button onClick={() => signOut.mutate()} loading={signOut.isPending}>
            {t('problems.wrongRecipient.switch')}
          </Button>
        </>
      ) : (
        problem !== 'ndaRequired' && <Text size="sm">{t('problems.whatNow')}</Text>
      )}
      {problem === 'ndaRequired' && (
        <Anchor
          component={Link}
          to={dealIds.length === 1 ? `/deals/${dealIds[0]}` : '/'}
          state={{ returnTo: linkPath } satisfies AfterNdaState}
        >
          {t('problems.ndaRequired.open')}
        </Anchor>
      )}
    </Stack>
  );
}
