/** Grants and links of a deal, cached per deal. */
import { useQuery } from '@tanstack/react-query';
import type { Grant, Link } from '../../../../shared/src/index.ts';
import { grantsApi } from '../../api/grants.api.ts';

export const grantsKey = (dealId: string) => ['grants', dealId] as const;
export const linksKey = (dealId: string) => ['links', dealId] as const;

export const useGrants = (dealId: string) =>
  useQuery({ queryKey: grantsKey(dealId), queryFn: () => grantsApi.list(dealId) });
export const useLinks = (dealId: string) =>
  useQuery({ queryKey: linksKey(dealId), queryFn: () => grantsApi.links(dealId) });

export type AccessState = 'active' | 'revoked' | 'expired' | 'exhausted';

/** Whether a grant or link still works, as far as its own fields tell (a closed deal ends them all too). */
export function accessState(item: Grant | Link, now = Date.now()): AccessState {
  if (item.revokedAt) return 'revoked';
  if (new Date(item.expiresAt).getTime() <= now) return 'expired';
  if (item.maxDownloads !== undefined && item.downloads >= item.maxDownloads) return 'exhausted';
  return 'active';
}
