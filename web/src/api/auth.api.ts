/** Sign-in, sign-out and who am I. */
import { AuthVerifyResponseSchema, MeResponseSchema } from '../../../shared/src/index.ts';
import { request } from './http.ts';

export const authApi = {
  start: (email: string) => request({ method: 'POST', path: '/auth/start', body: { email }, schema: null }),
  verify: (email: string, code: string) =>
    request({
      method: 'POST',
      path: '/auth/verify',
      body: { email, code },
      schema: AuthVerifyResponseSchema,
    }),
  logout: () => request({ method: 'POST', path: '/auth/logout', schema: null }),
  me: () => request({ path: '/me', schema: MeResponseSchema }),
};

export type MeResponse = Awaited<ReturnType<typeof authApi.me>>;
