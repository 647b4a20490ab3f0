/** The audit chain's integrity at a glance: verified (with the event count) or not, from `…/audit/verify`. */
import { Badge, Loader, Tooltip } from '@mantine/core';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/audit.api.ts';
import { formatNumber } from '../../format/intl.ts';

export function AuditVerifyBadge({ dealId }: { dealId: string }) {
  const { t, i18n } = useTranslation('audit');
  const verify = useQuery({ queryKey: ['audit-verify', dealId], queryFn: () => auditApi.verify(dealId) });
  if (verify.isPending) return <Loader size="sm" aria-label={t('verify.checking')} />;
  if (verify.isError) {
    return (
      <Badge color="gray" variant="light" role="status">
        {t('verify.unknown')}
      </Badge>
    );
  }
  const { ok, events, problems } = verify.data;
  const badge = (
    <Badge
      size="lg"
      color={ok ? 'green' : 'red'}
      variant="light"
      role="status"
      leftSection={ok ? <IconShieldCheck size={16} aria-hidden /> : <IconShieldX size={16} aria-hidden />}
    >
      {ok
        ? t('verify.ok', { count: events, events: formatNumber(events, i18n.language) })
        : t('verify.failed', { count: problems?.length ?? 0 })}
    </Badge>
  );
  return ok ? badge : <Tooltip label={problems?.map((p) => p.problem).join('; ') ?? ''}>{badge}</Tooltip>;
}
