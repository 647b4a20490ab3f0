import type { User } from '../../../../shared/src/auth.schema.ts';

/** Who is calling: a signed-in user, as the API shows it. Platform admins are configured, not stored. */
export type Actor = User;

/** What a use case knows of the request it serves. */
export interface RequestContext {
  actor: Actor;
  requestId?: string;
  /** Absolute origin (scheme://host[:port]) for URLs the local store signs. */
  origin: string;
}
