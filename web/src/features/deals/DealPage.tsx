/** One deal: placeholder until the deal screens land. */
import { Container, Title } from '@mantine/core';
import { useParams } from 'react-router';

export function DealPage() {
  const { dealId } = useParams();
  return (
    <Container size="lg" py="lg">
      <Title order={1}>{dealId}</Title>
    </Container>
  );
}
