/** Seller and admin: who has access (grants), the share links minted from them, and forms for both. */
import { Badge, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DealView } from '../../../../shared/src/index.ts';
import { grantsApi } from '../../api/grants.api.ts';
import { formatDateTime, formatNumber } from '../../format/intl.ts';
import { useParties } from '../admin/PartiesPanel.tsx';
import { ConfirmButton } from '../shell/ConfirmButton.tsx';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';
import { GrantForm } from './GrantForm.tsx';
import { useGrantSummary } from './grant-summary.ts';
import { LinkForm } from './LinkForm.tsx';
import {
  type AccessState,
  accessState,
  grantsKey,
  linksKey,
  useGrants,
  useLinks,
} from './sharing-queries.ts';

const STATE_COLORS: Record<AccessState, string> = {
  active: 'green',
  revoked: 'gray',
  expired: 'gray',
  exhausted: 'gray',
};

export function SharingPanel({ deal, isAdmin }: { deal: DealView; isAdmin: boolean }) {
  const { t, i18n } = useTranslation('sharing');
  const queryClient = useQueryClient();
  const parties = useParties(deal.id);
  const grants = useGrants(deal.id);
  const links = useLinks(deal.id);
  const { filesOf, actionsOf } = useGrantSummary(deal.id);
  const open = deal.status === 'open';
  const language = i18n.language;
  const partyName = (id: string) => parties.data?.items.find((party) => party.id === id)?.name ?? id;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: grantsKey(deal.id) }),
      queryClient.invalidateQueries({ queryKey: linksKey(deal.id) }),
    ]);
  const revokeGrant = useMutation({
    mutationFn: (id: string) => grantsApi.revoke(deal.id, id),
    onSettled: refresh,
  });
  const revokeLink = useMutation({
    mutationFn: (id: string) => grantsApi.revokeLink(deal.id, id),
    onSettled: refresh,
  });
  /** What a share link can draw on: active grants, not used up, that allow downloads. */
  const linkableGrants =
    grants.data?.items.filter(
      (grant) => accessState(grant) === 'active' && grant.actions.includes('download'),
    ) ?? [];
  const downloads = (used: number, max: number | undefined) =>
    max === undefined
      ? t('table.downloadsUnlimited', { used: formatNumber(used, language) })
      : t('table.downloadsOf', { used: formatNumber(used, language), max: formatNumber(max, language) });

  return (
    <Stack gap="xl">
      <Stack>
        <Title order={2} size="h3">
          {t('grants.title')}
        </Title>
        {(grants.isPending || parties.isPending) && <Loader aria-label={t('common:loading')} />}
        <ErrorAlert error={grants.error} />
        <ErrorAlert error={parties.error} />
        <ErrorAlert error={revokeGrant.error} />
        {grants.data?.items.length === 0 && <Text c="dimmed">{t('grants.empty')}</Text>}
        {grants.data && grants.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('table.party')}</Table.Th>
                  <Table.Th>{t('table.files')}</Table.Th>
                  <Table.Th>{t('table.actions')}</Table.Th>
                  <Table.Th>{t('table.expires')}</Table.Th>
                  <Table.Th>{t('table.downloads')}</Table.Th>
                  <Table.Th>{t('table.state')}</Table.Th>
                  <Table.Th>{t('table.revoke')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {grants.data.items.map((grant) => {
                  const state = accessState(grant);
                  return (
                    <Table.Tr key={grant.id}>
                      <Table.Td>{partyName(grant.partyId)}</Table.Td>
                      <Table.Td>{filesOf(grant)}</Table.Td>
                      <Table.Td>{actionsOf(grant)}</Table.Td>
                      <Table.Td>{formatDateTime(grant.expiresAt, language)}</Table.Td>
                      <Table.Td>{downloads(grant.downloads, grant.maxDownloads)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATE_COLORS[state]}>
                          {t(`state.${state}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {state === 'active' && (
                          <ConfirmButton
                            label={t('table.revoke')}
                            ariaLabel={t('grants.revokeFor', { party: partyName(grant.partyId) })}
                            title={t('grants.revokeTitle')}
                            message={t('grants.revokeConfirm', { party: partyName(grant.partyId) })}
                            onConfirm={() => revokeGrant.mutate(grant.id)}
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {open && <GrantForm dealId={deal.id} isAdmin={isAdmin} />}
      </Stack>

      <Stack>
        <Title order={2} size="h3">
          {t('links.title')}
        </Title>
        <ErrorAlert error={links.error} />
        <ErrorAlert error={revokeLink.error} />
        {links.data?.items.length === 0 && <Text c="dimmed">{t('links.empty')}</Text>}
        {links.data && links.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('table.recipient')}</Table.Th>
                  <Table.Th>{t('table.party')}</Table.Th>
                  <Table.Th>{t('table.expires')}</Table.Th>
                  <Table.Th>{t('table.downloads')}</Table.Th>
                  <Table.Th>{t('table.state')}</Table.Th>
                  <Table.Th>{t('table.revoke')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {links.data.items.map((link) => {
                  const state = accessState(link);
                  return (
                    <Table.Tr key={link.id}>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{link.recipientEmail}</Table.Td>
                      <Table.Td>{partyName(link.partyId)}</Table.Td>
                      <Table.Td>{formatDateTime(link.expiresAt, language)}</Table.Td>
                      <Table.Td>{downloads(link.downloads, link.maxDownloads)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATE_COLORS[state]}>
                          {t(`state.${state}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {state === 'active' && (
                          <ConfirmButton
                            label={t('table.revoke')}
                            ariaLabel={t('links.revokeFor', { email: link.recipientEmail })}
                            title={t('links.revokeTitle')}
                            message={t('links.revokeConfirm', { email: link.recipientEmail })}
                            onConfirm={() => revokeLink.mutate(link.id)}
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {open && <LinkForm dealId={deal.id} grants={linkableGrants} parties={parties.data?.items ?? []} />}
      </Stack>
    </Stack>
  );
}
