/** The Hono environment every route shares: the wired dependencies and the caller. */
import type { Actor } from '../core/access/actor.ts';
import type { Deps } from '../core/deps.ts';

export interface ApiOptions {
  deps: Deps;
  /** DATAROOM_PUBLIC_URL: the origin users reach us at; otherwise each request's own origin. */
  publicUrl?: string;
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    origin: string;
    actor: Actor;
    sessionToken: string;
  };
}
