/** The signed-in user and memberships, as SignedInLayout hands them to every page below it. */
import { useOutletContext } from 'react-router';
import type { MeResponse } from '../../api/auth.api.ts';

export const useSignedIn = (): MeResponse => useOutletContext<MeResponse>();
