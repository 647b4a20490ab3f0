/** An error in words (mapped from its code by the errors catalogue), or nothing when there is none. */
import { Alert } from '@mantine/core';
import { useErrorMessage } from '../../i18n/use-error-message.ts';

export function ErrorAlert({ error }: { error: unknown }) {
  const errorMessage = useErrorMessage();
  if (!error) return null;
  return (
    <Alert color="red" role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
