/**
 * Time, injectable so that tests can move it.
 * @example
 * const expiresAt = new Date(deps.clock.now().getTime() + 10 * 60_000).toISOString();
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
