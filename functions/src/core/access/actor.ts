/** Who is calling: a signed-in user. Platform admins are configured, not stored. */
export interface Actor {
  email: string;
  isAdmin: boolean;
}

/** What a use case knows of the request it serves. */
export interface RequestContext {
  actor: Actor;
  requestId?: string;
  /** Absolute origin (scheme://host[:port]) for URLs the local store signs. */
  origin: string;
}
