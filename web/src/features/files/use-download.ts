/** Download = an audited POST for a short-lived URL, then the browser follows it (no bytes through script). */
import { useMutation } from '@tanstack/react-query';
import { filesApi } from '../../api/files.api.ts';

export function useDownload(dealId: string) {
  return useMutation({
    mutationFn: (fileId: string) => filesApi.download(dealId, fileId),
    onSuccess: ({ url }) => window.location.assign(url),
  });
}
