/**
 * E-mail → code → signed in, as two real forms (Enter submits each). Exported for the share-link
 * page too, which signs its recipient in with a fixed address.
 */
import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/auth.api.ts';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';
import { signedIn } from './session.ts';

export interface SignInFormProps {
  /** Prefills the address (a share link's recipient); the user may still change it. */
  email?: string;
  /** Called once the session cookie is set and `me` is being read again. */
  onSignedIn?: () => void;
}

export function SignInForm({ email: initialEmail = '', onSignedIn }: SignInFormProps) {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const [email, setEmail] = useState(initialEmail);
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'email' | 'code'>('email');

  const start = useMutation({
    mutationFn: () => authApi.start(email.trim()),
    onSuccess: () => setStep('code'),
  });
  const verify = useMutation({
    mutationFn: () => authApi.verify(email.trim(), code.trim()),
    onSuccess: async () => {
      await signedIn(queryClient);
      onSignedIn?.();
    },
  });

  const submitEmail = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    verify.mutate();
  };

  if (step === 'email') {
    return (
      <form onSubmit={submitEmail}>
        <Stack>
          <TextInput
            type="email"
            label={t('emailStep.email')}
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <ErrorAlert error={start.error} />
          <Button type="submit" loading={start.isPending}>
            {t('emailStep.send')}
          </Button>
        </Stack>
      </form>
    );
  }
  return (
    <form onSubmit={submitCode}>
      <Stack>
        <Text role="status">{t('codeStep.sent', { email: email.trim() })}</Text>
        <TextInput
          label={t('codeStep.code')}
          autoComplete="one-time-code"
          inputMode="numeric"
          pattern="[0-9]*"
          required
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          autoFocus
        />
        <ErrorAlert error={verify.error} />
        <Button type="submit" loading={verify.isPending}>
          {t('codeStep.signIn')}
        </Button>
        <Group justify="space-between">
          <Anchor component="button" type="button" onClick={() => setStep('email')}>
            {t('codeStep.otherEmail')}
          </Anchor>
          <Anchor component="button" type="button" onClick={() => start.mutate()}>
            {t('codeStep.resend')}
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}
