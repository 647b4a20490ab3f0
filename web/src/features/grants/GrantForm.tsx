/**
 * Grant a party access: all files or chosen ones, view and/or download, until when, how many
 * downloads. When the chosen files hold personal data and Download is ticked, the form asks an
 * admin for the release record (PIPIA reference, lawful basis, and a reason for sensitive data)
 * up front, and tells a seller beforehand that only an admin can release them. A
 * GRANT.RELEASE_REQUIRED the form did not foresee opens the same fields.
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
import { isApiError, issueAt } from '../../api/api-error.ts';
import { filesApi } from '../../api/files.api.ts';
import { type GrantRelease, grantsApi, LawfulBases, type LawfulBasis } from '../../api/grants.api.ts';
import { daysFromNow, fromLocalInput, toLocalInput } from '../../format/intl.ts';
import { useParties } from '../admin/PartiesPanel.tsx';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';
import { releaseGradeOf } from './release-grade.ts';
import { grantsKey } from './sharing-queries.ts';

export function GrantForm({ dealId, isAdmin }: { dealId: string; isAdmin: boolean }) {
  const { t } = useTranslation('sharing');
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
  const chosenFiles = scope === 'all' ? available : available.filter((file) => fileIds.includes(file.id));
  const grade = actions.includes('download') ? releaseGradeOf(chosenFiles) : 'none';
  const releaseShown = releaseNeeded || grade !== 'none';
  const reasonRequired = grade === 'sensitive';
  const create = useMutation({
    mutationFn: () =>
      grantsApi.create(dealId, {
        partyId: chosenParty,
        fileIds: scope === 'all' ? 'all' : fileIds,
        actions: actions as GrantAction[],
        expiresAt: fromLocalInput(expires) ?? '',
        ...(typeof maxDownloads === 'number' ? { maxDownloads } : {}),
        ...(releaseShown && isAdmin
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
            error={issueAt(create.error, 'partyId')}
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
            <Checkbox.Group
              label={t('grantForm.chooseFiles')}
              value={fileIds}
              onChange={setFileIds}
              error={issueAt(create.error, 'fileIds')}
            >
              <Stack gap={6} mt="xs">
                {available.length === 0 && t('grantForm.noFiles')}
                {available.map((file) => (
                  <Checkbox key={file.id} value={file.id} label={file.name} />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          <Checkbox.Group
            label={t('grantForm.actions')}
            value={actions}
            onChange={setActions}
            error={issueAt(create.error, 'actions')}
          >
            <Group mt="xs">
              {GrantActions.map((action) => (
                <Checkbox key={action} value={action} label={t(`common:actions.${action}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group align="flex-end" wrap="wrap">
            <TextInput
              type="datetime-local"
              min={toLocalInput(new Date())}
              label={t('grantForm.expires')}
              required
              value={expires}
              onChange={(event) => setExpires(event.currentTarget.value)}
              error={issueAt(create.error, 'expiresAt')}
            />
            <NumberInput
              label={t('grantForm.maxDownloads')}
              placeholder={t('common:unlimited')}
              min={1}
              allowDecimal={false}
              value={maxDownloads}
              onChange={setMaxDownloads}
              error={issueAt(create.error, 'maxDownloads')}
            />
          </Group>
          {releaseShown && !isAdmin && (
            <Alert color="orange" title={t('release.title')} role="alert">
              {t('release.adminOnly')}
            </Alert>
          )}
          {releaseShown && isAdmin && (
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
                  error={issueAt(create.error, 'release.pipiaRef')}
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
                  label={reasonRequired ? t('release.reasonRequired') : t('release.reason')}
                  description={reasonRequired ? t('release.reasonHelp') : undefined}
                  required={reasonRequired}
                  value={release.reason ?? ''}
                  onChange={(event) => setRelease({ ...release, reason: event.currentTarget.value })}
                  error={issueAt(create.error, 'release.reason')}
                />
              </Stack>
            </Paper>
          )}
          <ErrorAlert error={create.error} />
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
