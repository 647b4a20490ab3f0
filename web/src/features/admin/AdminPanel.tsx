/** Admin's deal administration: legal hold, closing, destruction and its certificate. */
import { Stack } from '@mantine/core';
import type { DealView } from '../../../../shared/src/index.ts';
import { CertificateSection } from './CertificateSection.tsx';
import { CloseDealSection } from './CloseDealSection.tsx';
import { LegalHoldSection } from './LegalHoldSection.tsx';

export function AdminPanel({ deal }: { deal: DealView }) {
  return (
    <Stack>
      {deal.status === 'open' && <CloseDealSection deal={deal} />}
      {deal.status !== 'destroyed' && <LegalHoldSection deal={deal} />}
      <CertificateSection deal={deal} />
    </Stack>
  );
}
