/** Before anything else in a deal with an NDA, a buyer or advisor reads and accepts it (the API audits the acceptance). */
import { Button, Checkbox, Container, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { DealView } from '../../../../shared/src/index.ts';
import { dealsApi } from '../../api/deals.api.ts';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';

export function NdaGate({ deal, partyId }: { deal: DealView; partyId: string }) {
  const { t } = useTranslation('buyer');
  const queryClient = useQueryClient();
  const [agreed, setAgreed] = useState(false);
  const navigate = useNavigate();
  /** Set when a share link sent the buyer here (`LinkProblem`): go back to that link afterwards. */
  const returnTo = returnPathOf(useLocation().state);
  const accept = useMutation({
    mutationFn: () => dealsApi.acceptNda(deal.id, partyId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['deal', deal.id] });
      if (returnTo) await navigate(returnTo);
    },
  });
  return (
    <Container size="md" py="lg">
      <Paper withBorder p="lg">
        <Stack>
          <Title order={1} size="h2">
            {t('nda.title', { deal: deal.name })}
          </Title>
          <Text>{t('nda.intro')}</Text>
          <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
            <Text
              component="div"
              style={{ whiteSpace: 'pre-wrap' }}
              tabIndex={0}
              aria-label={t('nda.textLabel')}
            >
              {deal.ndaText ?? ''}
            </Text>
          </ScrollArea.Autosize>
          <Checkbox
            label={t('nda.agree')}
            checked={agreed}
            onChange={(event) => setAgreed(event.currentTarget.checked)}
          />
          <ErrorAlert error={accept.error} />
          <Button disabled={!agreed} loading={accept.isPending} onClick={() => accept.mutate()}>
            {t('nda.accept')}
          </Button>
        </Stack>
      </Paper>
    </Container>
  );
}

/** Only a share-link page of this app (`/s/<token>`) is a place to return to. */
function returnPathOf(state: unknown): string | undefined {
  const returnTo = (state as { returnTo?: unknown } | null)?.returnTo;
  return typeof returnTo === 'string' && /^\/s\/[\w-]+$/.test(returnTo) ? returnTo : undefined;
}
