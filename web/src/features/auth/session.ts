/**
 * Who is signed in. The session itself is the HttpOnly cookie, out of script's reach; here is only
 * `GET /me` (null when signed out) and whether the last session ended under the user's feet.
 */
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { isSessionEnded } from '../../api/api-error.ts';
import { authApi } from '../../api/auth.api.ts';

export const ME_KEY = ['me'] as const;

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await authApi.me();
      } catch (error) {
        if (isSessionEnded(error)) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

let expired = false;
const listeners = new Set<() => void>();
const setExpired = (value: boolean) => {
  expired = value;
  for (const listener of listeners) listener();
};

/** True after a session ended on its own (expiry, sign-out elsewhere), until the next sign-in. */
export const useSessionExpired = (): boolean =>
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => expired,
  );

/**
 * A request was refused for want of a session: show sign-in in place of the page. What the old
 * session could see is dropped once the pages are gone (forgetCachedData), not here: removing the
 * queries of pages still on screen would only make them fetch again.
 */
export function sessionEnded(client: QueryClient): void {
  if (client.getQueryData(ME_KEY)) setExpired(true);
  client.setQueryData(ME_KEY, null);
}

/** Drops everything cached but `me`; SignedInLayout calls it once signed out and the pages are unmounted. */
export function forgetCachedData(client: QueryClient): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
}

/** After a sign-in: read `me` afresh (the pages then mount and fetch for the new session). */
export async function signedIn(client: QueryClient): Promise<void> {
  setExpired(false);
  forgetCachedData(client);
  await client.invalidateQueries({ queryKey: ME_KEY });
}

/** After sign-out: back to the sign-in screen, with no "session ended" warning. */
export function signedOut(client: QueryClient): void {
  setExpired(false);
  client.setQueryData(ME_KEY, null);
}
