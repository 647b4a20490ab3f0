/**
 * A deal's audit trail: a timeline filtered by type, party and file (by the API) and by date (here,
 * on the pages loaded), pages of 200 with "load more", CSV/JSONL export, and the chain's verify badge.
 */
import {
  Badge,
  Button,
  Code,
  Group,
  Loader,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AuditFilters, auditApi } from '../../api/audit.api.ts';
import { filesApi } from '../../api/files.api.ts';
import { formatDateTime } from '../../format/intl.ts';
import { useParties } from '../admin/PartiesPanel.tsx';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';
import { AuditVerifyBadge } from './AuditVerifyBadge.tsx';

const ANY = '';
const OUTCOME_COLORS = { allowed: 'green', denied: 'red', info: 'gray' } as const;

export function AuditPanel({ dealId }: { dealId: string }) {
  const { t, i18n } = useTranslation('audit');
  const language = i18n.language;
  const [type, setType] = useState(ANY);
  const [partyId, setPartyId] = useState(ANY);
  const [fileId, setFileId] = useState(ANY);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const parties = useParties(dealId);
  const files = useQuery({ queryKey: ['files', dealId], queryFn: () => filesApi.list(dealId) });
  const filters: AuditFilters = {
    type: type || undefined,
    partyId: partyId || undefined,
    fileId: fileId || undefined,
  };
  const events = useInfiniteQuery({
    queryKey: ['audit', dealId, filters],
    queryFn: ({ pageParam }) => auditApi.page(dealId, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.cursor,
  });
  const fromTime = from ? new Date(`${from}T00:00:00`).getTime() : -Infinity;
  const toTime = to ? new Date(`${to}T23:59:59.999`).getTime() : Infinity;
  const shown = (events.data?.pages.flatMap((page) => page.items) ?? []).filter((event) => {
    const at = new Date(event.at).getTime();
    return at >= fromTime && at <= toTime;
  });
  const knownTypes = typesOf(t('types', { returnObjects: true }))
    .map((code) => ({ value: code, label: t(`types.${code}`) }))
    .sort((a, b) => a.label.localeCompare(b.label, language));
  /** A refusal's reason: API error codes in the errors catalogue's words, anything else as written. */
  const reasonText = (reason: string) =>
    i18n.exists(`errors:codes.${reason}`) ? t(`errors:codes.${reason}`) : reason;
  const partyName = (id: string) => parties.data?.items.find((party) => party.id === id)?.name ?? id;
  const fileName = (id: string) => files.data?.items.find((file) => file.id === id)?.name ?? id;

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">
          {t('title')}
        </Title>
        <AuditVerifyBadge dealId={dealId} />
      </Group>
      <Group wrap="wrap">
        <Button component="a" variant="default" href={auditApi.exportUrl(dealId, 'csv')} download>
          {t('exportCsv')}
        </Button>
        <Button component="a" variant="default" href={auditApi.exportUrl(dealId, 'jsonl')} download>
          {t('exportJsonl')}
        </Button>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('filters.type')}
          value={type}
          onChange={(event) => setType(event.currentTarget.value)}
          data={[{ value: ANY, label: t('filters.any') }, ...knownTypes]}
        />
        <NativeSelect
          label={t('filters.party')}
          value={partyId}
          onChange={(event) => setPartyId(event.currentTarget.value)}
          data={[
            { value: ANY, label: t('filters.any') },
            ...(parties.data?.items ?? []).map((party) => ({ value: party.id, label: party.name })),
          ]}
        />
        <NativeSelect
          label={t('filters.file')}
          value={fileId}
          onChange={(event) => setFileId(event.currentTarget.value)}
          data={[
            { value: ANY, label: t('filters.any') },
            ...(files.data?.items ?? []).map((file) => ({ value: file.id, label: file.name })),
          ]}
        />
        <TextInput
          type="date"
          label={t('filters.from')}
          value={from}
          onChange={(event) => setFrom(event.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('filters.to')}
          value={to}
          onChange={(event) => setTo(event.currentTarget.value)}
        />
      </Group>
      {events.isPending && <Loader aria-label={t('common:loading')} />}
      <ErrorAlert error={events.error} />
      {events.data && shown.length === 0 && <Text c="dimmed">{t('empty')}</Text>}
      {shown.length > 0 && (
        <Timeline bulletSize={14} lineWidth={2} aria-label={t('timeline')}>
          {shown.map((event) => (
            <Timeline.Item
              key={event.id}
              color={OUTCOME_COLORS[event.outcome]}
              title={
                <Group gap="xs" wrap="wrap">
                  {i18n.exists(`audit:types.${event.type}`) && (
                    <Text fw={600} size="sm">
                      {t(`types.${event.type}`)}
                    </Text>
                  )}
                  <Code>{event.type}</Code>
                  <Badge size="sm" variant="light" color={OUTCOME_COLORS[event.outcome]}>
                    {t(`outcome.${event.outcome}`)}
                  </Badge>
                </Group>
              }
            >
              <Text size="sm">
                {formatDateTime(event.at, language)}
                {' · '}
                {event.actor.kind === 'system' ? t('system') : (event.actor.email ?? t('common:none'))}
              </Text>
              {(event.partyId || event.fileId || event.reason) && (
                <Text size="sm" c="dimmed">
                  {[
                    event.partyId && t('party', { name: partyName(event.partyId) }),
                    event.fileId && t('file', { name: fileName(event.fileId) }),
                    event.reason && t('reason', { reason: reasonText(event.reason) }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {events.hasNextPage && (
        <div>
          <Button
            variant="default"
            onClick={() => void events.fetchNextPage()}
            loading={events.isFetchingNextPage}
          >
            {t('more')}
          </Button>
        </div>
      )}
    </Stack>
  );
}

/** The event types the catalogue words (`types.deal.created` → `deal.created`), for the type filter. */
function typesOf(node: unknown, prefix = ''): string[] {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : typesOf(value, `${prefix}${key}.`),
  );
}
