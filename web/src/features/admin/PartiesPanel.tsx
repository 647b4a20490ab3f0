/** Admin: the deal's parties (seller, buyers, advisors), adding one, and each party's members: listed, added, removed. */
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DealView, type Party, type PartyRole, PartyRoles } from '../../../../shared/src/index.ts';
import { dealsApi } from '../../api/deals.api.ts';
import { formatDateTime } from '../../format/intl.ts';
import { ConfirmButton } from '../shell/ConfirmButton.tsx';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';

export const partiesKey = (dealId: string) => ['parties', dealId] as const;

export function useParties(dealId: string) {
  return useQuery({ queryKey: partiesKey(dealId), queryFn: () => dealsApi.parties(dealId) });
}

export function PartiesPanel({ deal }: { deal: DealView }) {
  const { t } = useTranslation('admin');
  const parties = useParties(deal.id);
  return (
    <Stack>
      <Title order={2} size="h3">
        {t('parties.title')}
      </Title>
      {parties.isPending && <Loader aria-label={t('common:loading')} />}
      <ErrorAlert error={parties.error} />
      {parties.data?.items.length === 0 && (
        <Alert color="gray" title={t('parties.emptyTitle')}>
          {t('parties.empty')}
        </Alert>
      )}
      {parties.data?.items.map((party) => (
        <PartyCard key={party.id} party={party} open={deal.status === 'open'} />
      ))}
      {deal.status === 'open' && <NewPartyForm dealId={deal.id} />}
    </Stack>
  );
}

function NewPartyForm({ dealId }: { dealId: string }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<PartyRole>('buyer');
  const create = useMutation({
    mutationFn: () => dealsApi.createParty(dealId, { name: name.trim(), role }),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: partiesKey(dealId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack>
          <Title order={3} size="h4">
            {t('parties.new')}
          </Title>
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('parties.name')}
              required
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
            />
            <NativeSelect
              label={t('parties.role')}
              value={role}
              onChange={(event) => setRole(event.currentTarget.value as PartyRole)}
              data={PartyRoles.map((value) => ({ value, label: t(`common:roles.${value}`) }))}
            />
            <Button type="submit" loading={create.isPending}>
              {t('parties.add')}
            </Button>
          </Group>
          <ErrorAlert error={create.error} />
        </Stack>
      </form>
    </Paper>
  );
}

function PartyCard({ party, open }: { party: Party; open: boolean }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const membersKey = ['members', party.dealId, party.id] as const;
  const members = useQuery({
    queryKey: membersKey,
    queryFn: () => dealsApi.members(party.dealId, party.id),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: membersKey });
  const add = useMutation({
    mutationFn: (member: string) => dealsApi.addMember(party.dealId, party.id, member),
    onSuccess: async (member) => {
      notifications.show({ color: 'green', message: t('members.added', { email: member.email }) });
      setEmail('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (member: string) => dealsApi.removeMember(party.dealId, party.id, member),
    onSuccess: async (_, member) => {
      notifications.show({ color: 'green', message: t('members.removed', { email: member }) });
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(email.trim());
  };
  const error = add.error ?? remove.error ?? members.error;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={3} size="h4">
            {party.name}
          </Title>
          <Badge variant="light">{t(`common:roles.${party.role}`)}</Badge>
          {party.ndaAcceptedAt && (
            <Text size="sm" c="dimmed">
              {t('parties.ndaAccepted', {
                at: formatDateTime(party.ndaAcceptedAt, i18n.language),
                by: party.ndaAcceptedBy,
              })}
            </Text>
          )}
        </Group>
        {members.isPending && <Loader size="sm" aria-label={t('common:loading')} />}
        {members.data?.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('members.none')}
          </Text>
        )}
        {members.data && members.data.items.length > 0 && (
          <Stack
            component="ul"
            gap={4}
            aria-label={t('members.listLabel', { party: party.name })}
            m={0}
            p={0}
          >
            {members.data.items.map((member) => (
              <Group component="li" key={member.id} gap="sm" wrap="wrap" style={{ listStyle: 'none' }}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {member.email}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('members.addedOn', { at: formatDateTime(member.addedAt, i18n.language) })}
                </Text>
                <ConfirmButton
                  label={t('members.remove')}
                  ariaLabel={t('members.removeFor', { email: member.email, party: party.name })}
                  title={t('members.removeTitle')}
                  message={t('members.removeConfirm', { email: member.email })}
                  loading={remove.isPending && remove.variables === member.email}
                  onConfirm={() => remove.mutate(member.email)}
                />
              </Group>
            ))}
          </Stack>
        )}
        {open && (
          <form onSubmit={submit}>
            <Group align="flex-end" wrap="wrap">
              <TextInput
                type="email"
                label={t('members.email', { party: party.name })}
                required
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
              />
              <Button type="submit" loading={add.isPending}>
                {t('members.add')}
              </Button>
            </Group>
          </form>
        )}
        <ErrorAlert error={error} />
      </Stack>
    </Paper>
  );
}
