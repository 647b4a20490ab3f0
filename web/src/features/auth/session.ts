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

/** A request was refused for want of a session: forget what the old one could see and ask to sign in. */
export function sessionEnded(client: QueryClient): void {
  if (client.getQueryData(ME_KEY)) setExpired(true);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
  client.setQueryData(ME_KEY, null);
}

/** After a sign-in: drop everything cached for whoever was here before and read `me` afresh. */
export async function signedIn(client: QueryClient): Promise<void> {
  setExpired(false);
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
  await client.invalidateQueries({ queryKey: ME_KEY });
}

/** After sign-out: nothing of the session stays cached. */
export function signedOut(client: QueryClient): void {
  setExpired(false);
  client.clear();
  client.setQueryData(ME_KEY, null);
}
