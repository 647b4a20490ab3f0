/**
 * A share link for one member of a granted party. The API returns the URL (with its token) once:
 * it is shown here with a copy button and a warning, and never again.
 */
import {
  Alert,
  Button,
  CopyButton,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Grant, Party } from '../../../../shared/src/index.ts';
import { issueAt } from '../../api/api-error.ts';
import { grantsApi } from '../../api/grants.api.ts';
import { daysFromNow, formatDate, fromLocalInput, toLocalInput } from '../../format/intl.ts';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';
import { shortGrantId, useGrantSummary } from './grant-summary.ts';
import { linksKey } from './sharing-queries.ts';

export function LinkForm({ dealId, grants, parties }: { dealId: string; grants: Grant[]; parties: Party[] }) {
  const { t, i18n } = useTranslation('sharing');
  const { filesOf, actionsOf } = useGrantSummary(dealId);
  const queryClient = useQueryClient();
  const [grantId, setGrantId] = useState('');
  const [email, setEmail] = useState('');
  const [expires, setExpires] = useState(() => toLocalInput(daysFromNow(7)));
  const [maxDownloads, setMaxDownloads] = useState<number | string>(3);
  const [shownUrl, setShownUrl] = useState<string | null>(null);
  const partyName = (id: string) => parties.find((party) => party.id === id)?.name ?? id;
  const chosenGrant = grantId || grants[0]?.id || '';

  const create = useMutation({
    mutationFn: () =>
      grantsApi.createLink(dealId, {
        grantId: chosenGrant,
        recipientEmail: email.trim(),
        expiresAt: fromLocalInput(expires) ?? '',
        maxDownloads: Number(maxDownloads),
      }),
    onSuccess: async ({ url }) => {
      setShownUrl(url);
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: linksKey(dealId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  if (shownUrl) {
    return (
      <Alert color="green" title={t('linkForm.createdTitle')}>
        <Stack gap="sm">
          <strong>{t('linkForm.onceWarning')}</strong>
          <TextInput
            label={t('linkForm.url')}
            value={shownUrl}
            readOnly
            onFocus={(event) => event.currentTarget.select()}
          />
          <Group>
            <CopyButton value={shownUrl}>
              {({ copied, copy }) => (
                <Button color={copied ? 'green' : 'blue'} onClick={copy}>
                  {copied ? t('common:copied') : t('linkForm.copy')}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={() => setShownUrl(null)}>
              {t('linkForm.done')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }

  if (grants.length === 0) {
    return (
      <Alert color="gray" title={t('linkForm.noGrantsTitle')}>
        {t('linkForm.noGrants')}
      </Alert>
    );
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack>
          <Title order={3} size="h4">
            {t('linkForm.title')}
          </Title>
          <NativeSelect
            label={t('linkForm.grant')}
            required
            value={chosenGrant}
            onChange={(event) => setGrantId(event.currentTarget.value)}
            error={issueAt(create.error, 'grantId')}
            data={grants.map((grant) => ({
              value: grant.id,
              label: t('linkForm.grantOption', {
                party: partyName(grant.partyId),
                files: filesOf(grant),
                actions: actionsOf(grant),
                until: formatDate(grant.expiresAt, i18n.language),
                id: shortGrantId(grant),
              }),
            }))}
          />
          <TextInput
            type="email"
            label={t('linkForm.recipient')}
            description={t('linkForm.recipientHelp')}
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={issueAt(create.error, 'recipientEmail')}
          />
          <Group align="flex-end" wrap="wrap">
            <TextInput
              type="datetime-local"
              min={toLocalInput(new Date())}
              label={t('linkForm.expires')}
              required
              value={expires}
              onChange={(event) => setExpires(event.currentTarget.value)}
              error={issueAt(create.error, 'expiresAt')}
            />
            <NumberInput
              label={t('linkForm.maxDownloads')}
              required
              min={1}
              allowDecimal={false}
              value={maxDownloads}
              onChange={setMaxDownloads}
              error={issueAt(create.error, 'maxDownloads')}
            />
          </Group>
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('linkForm.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
