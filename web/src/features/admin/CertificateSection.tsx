/** Admin and seller: destroy a closed deal now, and the destruction certificate once destruction is done. */
import { Anchor, Button, Code, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DealView } from '../../../../shared/src/index.ts';
import { dealsApi } from '../../api/deals.api.ts';
import { formatBytes, formatDateTime } from '../../format/intl.ts';
import { ConfirmButton } from '../shell/ConfirmButton.tsx';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';
import { useDealMutation } from './deal-mutation.ts';

export function CertificateSection({ deal }: { deal: DealView }) {
  const { t, i18n } = useTranslation('admin');
  const language = i18n.language;
  /** A destruction method in words; a method this app does not know yet is shown as its code. */
  const methodName = (method: string) => t(`certificate.methods.${method}`, { defaultValue: method });
  const destroy = useDealMutation(deal.id, () => dealsApi.destroyNow(deal.id));
  const certificate = useQuery({
    queryKey: ['certificate', deal.id],
    queryFn: () => dealsApi.certificate(deal.id),
    enabled: deal.status === 'destroyed',
  });
  const body = certificate.data?.certificate;
  const running =
    deal.status === 'destroying' || (deal.destroyRequestedAt !== undefined && deal.status !== 'destroyed');
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h3">
          {t('certificate.title')}
        </Title>
        {deal.status === 'closed' && !deal.legalHold?.on && !deal.destroyRequestedAt && (
          <div>
            <ConfirmButton
              label={t('certificate.destroyNow')}
              title={t('certificate.destroyTitle')}
              message={t('certificate.destroyConfirm', { name: deal.name })}
              onConfirm={() => destroy.mutate(undefined)}
              loading={destroy.isPending}
            />
          </div>
        )}
        <ErrorAlert error={destroy.error} />
        {running && <Text role="status">{t('certificate.running')}</Text>}
        {deal.status !== 'destroyed' && !running && <Text c="dimmed">{t('certificate.notYet')}</Text>}
        <ErrorAlert error={certificate.error} />
        {body && certificate.data && (
          <Stack gap="sm">
            <Text>
              {t('certificate.summary', {
                id: body.id,
                at: formatDateTime(body.issuedAt, language),
                count: body.files.length,
              })}
            </Text>
            <Text size="sm">
              {t('certificate.key', {
                method: methodName(body.key.method),
                at: formatDateTime(body.key.destroyedAt, language),
              })}
            </Text>
            <Table.ScrollContainer minWidth={560}>
              <Table withTableBorder striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('certificate.file')}</Table.Th>
                    <Table.Th>{t('certificate.size')}</Table.Th>
                    <Table.Th>{t('certificate.destroyedAt')}</Table.Th>
                    <Table.Th>{t('certificate.method')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {body.files.map((file) => (
                    <Table.Tr key={file.id}>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{file.name}</Table.Td>
                      <Table.Td>{formatBytes(file.size, language)}</Table.Td>
                      <Table.Td>{formatDateTime(file.destroyedAt, language)}</Table.Td>
                      <Table.Td>{methodName(file.method)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="sm">
              {t('certificate.signature', {
                alg: certificate.data.signature.alg,
                kid: certificate.data.signature.kid,
              })}
            </Text>
            <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
              {certificate.data.signature.jws}
            </Code>
            <div>
              <Button
                component="a"
                href={dealsApi.certificateHtmlUrl(deal.id)}
                target="_blank"
                rel="noopener"
              >
                {t('certificate.print')}
              </Button>
            </div>
            <Anchor href="/api/v1/certificates/public-key" target="_blank" rel="noopener" size="sm">
              {t('certificate.publicKey')}
            </Anchor>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
