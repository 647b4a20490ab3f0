/**
 * One deal, in tabs by what the caller may do: files for everyone (upload for the seller and the
 * admin), sharing for the seller and the admin, parties and administration for the admin, the audit
 * trail for the admin and the seller. Buyers and advisors meet the NDA first if there is one.
 */
import { Alert, Anchor, Container, Loader, Stack, Tabs } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { dealsApi } from '../../api/deals.api.ts';
import { useErrorMessage } from '../../i18n/use-error-message.ts';
import { AdminPanel } from '../admin/AdminPanel.tsx';
import { PartiesPanel } from '../admin/PartiesPanel.tsx';
import { AuditPanel } from '../audit/AuditPanel.tsx';
import { NdaGate } from '../buyer/NdaGate.tsx';
import { FilesPanel } from '../files/FilesPanel.tsx';
import { SharingPanel } from '../grants/SharingPanel.tsx';
import { ManifestPanel } from '../manifest/ManifestPanel.tsx';
import { useSignedIn } from '../shell/use-me-context.ts';
import { UploadPanel } from '../upload/UploadPanel.tsx';
import { DealHeader } from './DealHeader.tsx';

export const dealKey = (dealId: string) => ['deal', dealId] as const;

export function DealPage() {
  const { t } = useTranslation('deals');
  const errorMessage = useErrorMessage();
  const { dealId = '' } = useParams();
  const { user } = useSignedIn();
  const [search, setSearch] = useSearchParams();
  const deal = useQuery({
    queryKey: dealKey(dealId),
    queryFn: () => dealsApi.get(dealId),
    refetchInterval: (query) => {
      const current = query.state.data;
      const destroying =
        current?.status === 'destroying' || (current?.destroyRequestedAt && current.status !== 'destroyed');
      return destroying ? 2000 : false;
    },
  });

  useDocumentTitle(deal.data ? `${deal.data.name} · ${t('common:appName')}` : t('common:appName'));
  if (deal.isPending) {
    return (
      <Container size="lg" py="lg">
        <Loader aria-label={t('common:loading')} />
      </Container>
    );
  }
  if (deal.isError) {
    return (
      <Container size="lg" py="lg">
        <Stack align="flex-start">
          <Alert color="red" role="alert">
            {errorMessage(deal.error)}
          </Alert>
          <Anchor component={Link} to="/">
            {t('page.back')}
          </Anchor>
        </Stack>
      </Container>
    );
  }

  const data = deal.data;
  const role = data.myParty?.role;
  const isSeller = user.isAdmin || role === 'seller';
  const ndaPending = data.myParty?.ndaRequired && !data.myParty.ndaAcceptedAt && role !== 'seller';
  if (ndaPending && data.myParty) return <NdaGate deal={data} partyId={data.myParty.partyId} />;

  const tabs = [
    'files',
    'checklist',
    ...(isSeller ? ['sharing'] : []),
    ...(user.isAdmin ? ['parties', 'admin'] : []),
    ...(isSeller ? ['audit'] : []),
  ];
  const requested = search.get('tab') ?? 'files';
  const tab = tabs.includes(requested) ? requested : 'files';
  const open = data.status === 'open';
  const inTransfer =
    data.transfer?.partyId === data.myParty?.partyId &&
    new Date(data.transfer?.until ?? 0).getTime() > Date.now();
  const accessEnded = !isSeller && !open && !inTransfer;

  return (
    <Container size="lg" py="lg">
      <Stack>
        <Anchor component={Link} to="/" size="sm">
          {t('page.back')}
        </Anchor>
        <DealHeader deal={data} />
        <Tabs
          value={tab}
          onChange={(value) => setSearch(value && value !== 'files' ? { tab: value } : {})}
          keepMounted={false}
        >
          <Tabs.List>
            {tabs.map((name) => (
              <Tabs.Tab key={name} value={name}>
                {t(`tabs.${name}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="files" pt="md">
            <Stack gap="xl">
              {isSeller && open && <UploadPanel dealId={dealId} />}
              <FilesPanel dealId={dealId} manage={isSeller} accessEnded={accessEnded} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="checklist" pt="md">
            <ManifestPanel dealId={dealId} canAcknowledge={role === 'buyer' || role === 'advisor'} />
          </Tabs.Panel>
          {isSeller && (
            <Tabs.Panel value="sharing" pt="md">
              <SharingPanel deal={data} isAdmin={user.isAdmin} />
            </Tabs.Panel>
          )}
          {user.isAdmin && (
            <Tabs.Panel value="parties" pt="md">
              <PartiesPanel deal={data} />
            </Tabs.Panel>
          )}
          {user.isAdmin && (
            <Tabs.Panel value="admin" pt="md">
              <AdminPanel deal={data} />
            </Tabs.Panel>
          )}
          {isSeller && (
            <Tabs.Panel value="audit" pt="md">
              <AuditPanel dealId={dealId} />
            </Tabs.Panel>
          )}
        </Tabs>
      </Stack>
    </Container>
  );
}
