/** Admin: a new deal with its retention (default and per category) and optional NDA text. */
import { Button, Fieldset, Group, NumberInput, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CreateDealBody, FileCategories, type FileCategory } from '../../../../shared/src/index.ts';
import { issueAt } from '../../api/api-error.ts';
import { dealsApi } from '../../api/deals.api.ts';
import { ErrorAlert } from '../shell/ErrorAlert.tsx';

export function CreateDealForm({ onCreated }: { onCreated: (dealId: string) => void }) {
  const { t } = useTranslation('deals');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [retentionDays, setRetentionDays] = useState<number | string>(30);
  const [perCategory, setPerCategory] = useState<Partial<Record<FileCategory, number | string>>>({});
  const [ndaText, setNdaText] = useState('');

  const create = useMutation({
    mutationFn: (body: CreateDealBody) => dealsApi.create(body),
    onSuccess: async (deal) => {
      await queryClient.invalidateQueries({ queryKey: ['deals'] });
      onCreated(deal.id);
    },
  });

  /** Retention below 0 is refused here, never clamped: a silent 0 would mean "destroy at closing". */
  const negativeError = (days: number | string | undefined) =>
    typeof days === 'number' && days < 0 ? t('create.notNegative') : undefined;
  const hasNegative = [retentionDays, ...Object.values(perCategory)].some((days) => negativeError(days));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (hasNegative) return;
    const categoryRetentionDays: CreateDealBody['categoryRetentionDays'] = {};
    for (const category of FileCategories) {
      const days = perCategory[category];
      if (typeof days === 'number') categoryRetentionDays[category] = days;
    }
    create.mutate({
      name: name.trim(),
      retentionDays: Number(retentionDays),
      ...(Object.keys(categoryRetentionDays).length > 0 ? { categoryRetentionDays } : {}),
      ...(ndaText.trim() ? { ndaText: ndaText.trim() } : {}),
    });
  };

  return (
    <form onSubmit={submit}>
      <Stack>
        <TextInput
          label={t('create.name')}
          required
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={issueAt(create.error, 'name')}
        />
        <NumberInput
          label={t('create.retentionDays')}
          description={t('create.retentionHelp')}
          required
          min={0}
          max={3650}
          clampBehavior="none"
          allowDecimal={false}
          value={retentionDays}
          onChange={setRetentionDays}
          error={negativeError(retentionDays) ?? issueAt(create.error, 'retentionDays')}
        />
        <Fieldset legend={t('create.perCategory')}>
          <Group grow wrap="wrap" align="flex-start">
            {FileCategories.map((category) => (
              <NumberInput
                key={category}
                label={t(`common:categories.${category}`)}
                placeholder={t('create.inherit')}
                min={0}
                max={3650}
                clampBehavior="none"
                allowDecimal={false}
                miw={140}
                value={perCategory[category] ?? ''}
                error={
                  negativeError(perCategory[category]) ??
                  issueAt(create.error, `categoryRetentionDays.${category}`)
                }
                onChange={(value) => setPerCategory((current) => ({ ...current, [category]: value }))}
              />
            ))}
          </Group>
        </Fieldset>
        <Textarea
          label={t('create.ndaText')}
          description={t('create.ndaHelp')}
          autosize
          minRows={3}
          maxRows={10}
          value={ndaText}
          onChange={(event) => setNdaText(event.currentTarget.value)}
          error={issueAt(create.error, 'ndaText')}
        />
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            {t('create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
