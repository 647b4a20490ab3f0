/** A change to the deal itself (close, hold, destroy): afterwards the deal and everything shown from it is re-read. */
import { useMutation, useQueryClient } from '@tanstack/react-query';

export function useDealMutation<T>(dealId: string, mutationFn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['deal', dealId] }),
        queryClient.invalidateQueries({ queryKey: ['deals'] }),
        queryClient.invalidateQueries({ queryKey: ['certificate', dealId] }),
      ]),
  });
}
