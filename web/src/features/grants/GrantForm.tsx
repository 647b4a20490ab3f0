/**
 * Grant a party access: all files or chosen ones, view and/or download, until when, how many
 * downloads. If the API answers GRANT.RELEASE_REQUIRED (personal data before closing), the form
 * asks for the release record (PIPIA reference, lawful basis, reason) and sends it along.
 */
import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type GrantAction, GrantActions } from '../../../../shared/src/index.ts';
import { isApiError } from '../../api/api-error.ts';
import { filesApi } from '../../api/files.api.ts';
import { type GrantRelease, grantsApi, LawfulBases, type LawfulBasis } from '../../api/grants.api.ts';
import { daysFromNow, fromLocalInput, toLocalInput } from '../../format/intl.ts';
import { useErrorMessage } from '../../i18n/use-error-message.ts';
import { useParties } from '../admin/PartiesPanel.tsx';
import { grantsKey } from './sharing-queries.ts';

export function GrantForm({ dealId, isAdmin }: { dealId: string; isAdmin: boolean }) {
  const { t } = useTranslation('sharing');
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const parties = useParties(dealId);
  const files = useQuery({ queryKey: ['files', dealId], queryFn: () => filesApi.list(dealId) });
  const recipients = parties.data?.items.filter((party) => party.role !== 'seller') ?? [];
  const available = files.data?.items.filter((file) => file.status === 'available') ?? [];

  const [partyId, setPartyId] = useState('');
  const [scope, setScope] = useState<'all' | 'some'>('all');
  const [fileIds, setFileIds] = useState<string[]>([]);
  const [actions, setActions] = useState<string[]>(['view', 'download']);
  const [expires, setExpires] = useState(() => toLocalInput(daysFromNow(14)));
  const [maxDownloads, setMaxDownloads] = useState<number | string>('');
  const [releaseNeeded, setReleaseNeeded] = useState(false);
  const [release, setRelease] = useState<GrantRelease>({ pipiaRef: '', lawfulBasis: 'contract', reason: '' });

  const chosenParty = partyId || recipients[0]?.id || '';
  const create = useMutation({
    mutationFn: () =>
      grantsApi.create(dealId, {
        partyId: chosenParty,
        fileIds: scope === 'all' ? 'all' : fileIds,
        actions: actions as GrantAction[],
        expiresAt: fromLocalInput(expires) ?? '',
        ...(typeof maxDownloads === 'number' ? { maxDownloads } : {}),
        ...(releaseNeeded && isAdmin
          ? {
              release: {
                pipiaRef: release.pipiaRef.trim(),
                lawfulBasis: release.lawfulBasis,
                ...(release.reason?.trim() ? { reason: release.reason.trim() } : {}),
              },
            }
          : {}),
      }),
    onSuccess: async () => {
      setReleaseNeeded(false);
      setFileIds([]);
      await queryClient.invalidateQueries({ queryKey: grantsKey(dealId) });
    },
    onError: (error) => {
      if (isApiError(error) && error.code === 'GRANT.RELEASE_REQUIRED') setReleaseNeeded(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  if (parties.data && recipients.length === 0) {
    return (
      <Alert color="gray" title={t('grantForm.noPartiesTitle')}>
        {t('grantForm.noParties')}
      </Alert>
    );
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack>
          <Title order={3} size="h4">
            {t('grantForm.title')}
          </Title>
          <NativeSelect
            label={t('grantForm.party')}
            required
            value={chosenParty}
            onChange={(event) => setPartyId(event.currentTarget.value)}
            data={recipients.map((party) => ({
              value: party.id,
              label: `${party.name} (${t(`common:roles.${party.role}`)})`,
            }))}
          />
          <Radio.Group
            label={t('grantForm.files')}
            value={scope}
            onChange={(value) => setScope(value as 'all' | 'some')}
          >
            <Group mt="xs">
              <Radio value="all" label={t('grantForm.allFiles')} />
              <Radio value="some" label={t('grantForm.someFiles')} />
            </Group>
          </Radio.Group>
          {scope === 'some' && (
            <Checkbox.Group label={t('grantForm.chooseFiles')} value={fileIds} onChange={setFileIds}>
              <Stack gap={6} mt="xs">
                {available.length === 0 && t('grantForm.noFiles')}
                {available.map((file) => (
                  <Checkbox key={file.id} value={file.id} label={file.name} />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          <Checkbox.Group label={t('grantForm.actions')} value={actions} onChange={setActions}>
            <Group mt="xs">
              {GrantActions.map((action) => (
                <Checkbox key={action} value={action} label={t(`common:actions.${action}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group align="flex-end" wrap="wrap">
            <TextInput
              type="datetime-local"
              label={t('grantForm.expires')}
              required
              value={expires}
              onChange={(event) => setExpires(event.currentTarget.value)}
            />
            <NumberInput
              label={t('grantForm.maxDownloads')}
              placeholder={t('common:unlimited')}
              min={1}
              allowDecimal={false}
              value={maxDownloads}
              onChange={setMaxDownloads}
            />
          </Group>
          {releaseNeeded && !isAdmin && (
            <Alert color="orange" title={t('release.title')} role="alert">
              {t('release.adminOnly')}
            </Alert>
          )}
          {releaseNeeded && isAdmin && (
            <Paper withBorder p="sm" bg="orange.0">
              <Stack gap="sm">
                <Alert color="orange" title={t('release.title')}>
                  {t('release.body')}
                </Alert>
                <TextInput
                  label={t('release.pipiaRef')}
                  required
                  value={release.pipiaRef}
                  onChange={(event) => setRelease({ ...release, pipiaRef: event.currentTarget.value })}
                />
                <NativeSelect
                  label={t('release.lawfulBasis')}
                  value={release.lawfulBasis}
                  onChange={(event) =>
                    setRelease({ ...release, lawfulBasis: event.currentTarget.value as LawfulBasis })
                  }
                  data={LawfulBases.map((basis) => ({ value: basis, label: t(`release.bases.${basis}`) }))}
                />
                <TextInput
                  label={t('release.reason')}
                  value={release.reason ?? ''}
                  onChange={(event) => setRelease({ ...release, reason: event.currentTarget.value })}
                />
              </Stack>
            </Paper>
          )}
          {create.isError &&
            !(
              releaseNeeded &&
              isApiError(create.error) &&
              create.error.code === 'GRANT.RELEASE_REQUIRED'
            ) && (
              <Alert color="red" role="alert">
                {errorMessage(create.error)}
              </Alert>
            )}
          <Group>
            <Button
              type="submit"
              loading={create.isPending}
              disabled={actions.length === 0 || (scope === 'some' && fileIds.length === 0)}
            >
              {t('grantForm.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
