/** A red button that asks before it acts, in a dialog (keyboard: Tab to the choice, Esc to back out). */
import { Button, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

interface ConfirmButtonProps {
  label: string;
  ariaLabel?: string;
  title: string;
  message: string;
  onConfirm: () => void;
  loading?: boolean;
}

export function ConfirmButton({ label, ariaLabel, title, message, onConfirm, loading }: ConfirmButtonProps) {
  const { t } = useTranslation('common');
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button size="xs" color="red" variant="light" onClick={open} aria-label={ariaLabel} loading={loading}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title}>
        <Text mb="md">{message}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('cancel')}
          </Button>
          <Button
            color="red"
            onClick={() => {
              close();
              onConfirm();
            }}
          >
            {label}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
