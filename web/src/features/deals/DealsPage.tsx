/** Home: the deals I can see (an admin sees all and may create one), with clear empty states. */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { dealsApi } from '../../api/deals.api.ts';
import { formatDate } from '../../format/intl.ts';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';
import { useSignedIn } from '../shell/use-me-context.ts';
import { CreateDealForm } from './CreateDealForm.tsx';
import { DealStatusBadge } from './DealStatusBadge.tsx';

export function DealsPage() {
  const { t, i18n } = useTranslation('deals');
  const navigate = useNavigate();
  const { user, memberships } = useSignedIn();
  const [creating, { open, close }] = useDisclosure(false);
  const deals = useQuery({ queryKey: ['deals'], queryFn: dealsApi.list });
  useDocumentTitle(`${t('list.title')} · ${t('common:appName')}`);
  const roleIn = (dealId: string) => memberships.find((m) => m.dealId === dealId);

  return (
    <Container size="lg" py="lg">
      <Stack>
        <Group justify="space-between">
          <Title order={1}>{t('list.title')}</Title>
          {user.isAdmin && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
              {t('list.new')}
            </Button>
          )}
        </Group>
        {deals.isPending && <Loader aria-label={t('common:loading')} />}
        <ErrorAlert error={deals.error} />
        {deals.data && deals.data.items.length === 0 && (
          <Alert color="gray" title={t('list.emptyTitle')}>
            {user.isAdmin ? t('list.emptyAdmin') : t('list.emptyMember')}
          </Alert>
        )}
        {deals.data && deals.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('list.name')}</Table.Th>
                  <Table.Th>{t('list.status')}</Table.Th>
                  <Table.Th>{t('list.myRole')}</Table.Th>
                  <Table.Th>{t('list.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deals.data.items.map((deal) => {
                  const membership = roleIn(deal.id);
                  return (
                    <Table.Tr key={deal.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/deals/${deal.id}`} fw={500}>
                          {deal.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <DealStatusBadge status={deal.status} />
                        {deal.legalHold?.on && (
                          <Badge color="orange" variant="light" ml="xs">
                            {t('status.legalHold')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {membership
                          ? `${membership.partyName} · ${t(`common:roles.${membership.role}`)}`
                          : user.isAdmin
                            ? t('common:adminBadge')
                            : ''}
                      </Table.Td>
                      <Table.Td>{formatDate(deal.createdAt, i18n.language)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {deals.data && deals.data.items.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('list.count', { count: deals.data.items.length })}
          </Text>
        )}
      </Stack>
      <Modal opened={creating} onClose={close} title={t('create.title')} size="lg">
        <CreateDealForm
          onCreated={(dealId) => {
            close();
            void navigate(`/deals/${dealId}`);
          }}
        />
      </Modal>
    </Container>
  );
}
