/** A share link as its recipient sees it: what it offers, and the URL that downloads one file through it. */
import { LinkOfferSchema } from '../../../../shared/src/index.ts';
import { apiUrl, request } from '../../api/http.ts';

const link = (token: string) => `/links/${encodeURIComponent(token)}`;

export const linkApi = {
  /** What the link offers (audited as an opening); refused with the link's problem as an ApiError. */
  offer: (token: string) => request({ path: link(token), schema: LinkOfferSchema }),
  /** Counted, audited download: the API answers 302 to the short-lived file URL, which the browser follows. */
  downloadUrl: (token: string, fileId: string) =>
    apiUrl(`${link(token)}/files/${encodeURIComponent(fileId)}`),
};
