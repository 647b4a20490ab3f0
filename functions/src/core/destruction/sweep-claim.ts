/**
 * The per-deal sweep claim: the one lock between everything that destroys a deal's data (the
 * sweeper, destroy-the-deal-now, destroy-one-file-now) and a legal hold being placed.
 *
 * Whoever destroys takes the claim first; the claim is refused while the deal is on hold or a hold
 * is waiting to be placed, and placing a hold is refused while a claim is live. Destruction runs in
 * steps (one file, or the deal's final destruction), each under a freshly renewed claim, so a hold
 * asked for mid-sweep waits for at most the step in flight and the sweep stops before the next one
 * (invariant 10). The claim also keeps two sweeps of one deal from running at once.
 *
 * Claims are timed by the real clock, not `deps.clock`: they measure how long a process may hold a
 * lock, not business time, and the business clock may be moved (tests move it by days). A claim left
 * by a crashed process runs out after {@link CLAIM_MS}, and the next sweep resumes (invariant 6).
 */
import type { Deal, LegalHold } from '../../../../shared/src/deal.schema.ts';
import type { Deps } from '../deps.ts';
import { ConditionFailedError, ConflictError, NotFoundError } from '../errors.ts';
import { systemClock } from '../ports/clock.port.ts';
import { newId } from '../security/secrets.ts';

/** How long one step may run before its claim runs out and another process may take over. */
export const CLAIM_MS = 120_000;
/** How long a person's request waits for a destruction step in flight before answering 409. */
export const CLAIM_WAIT_MS = 3_000;

type ClaimDeps = Pick<Deps, 'deals'>;

const at = (ms: number) => new Date(ms).toISOString();
const realMs = () => systemClock.now().getTime();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SweepClaim {
  readonly dealId: string;
  /** The deal as it was when the claim was (last) taken. */
  readonly deal: Deal;
  /**
   * Takes the claim again before the next step and answers the deal as it now is; `undefined` when
   * a hold (placed or waiting) or another owner stands in the way: then stop before the step.
   */
  renew(): Promise<Deal | undefined>;
  /** Pushes the claim out, hold or no hold, inside a step that must not stop half-way. */
  keep(): Promise<void>;
  /** Gives the claim up; never throws (a claim that is not released runs out). */
  release(): Promise<void>;
}

export type ClaimRefusal = 'missing' | 'held' | 'busy';

export type ClaimOutcome = { claim: SweepClaim } | { refused: ClaimRefusal; deal?: Deal };

/** Thrown inside a step when the claim ran out and someone else took it: stop, the next sweep resumes. */
export class SweepClaimLostError extends Error {
  override readonly name = 'SweepClaimLostError';
}

function claimFor(
  deps: ClaimDeps & Pick<Deps, 'log'>,
  dealId: string,
  owner: string,
  first: Deal,
): SweepClaim {
  let deal = first;
  return {
    dealId,
    get deal() {
      return deal;
    },
    async renew() {
      const now = realMs();
      const renewed = await deps.deals.claimSweep(dealId, owner, at(now), at(now + CLAIM_MS));
      if (renewed) deal = renewed;
      return renewed;
    },
    async keep() {
      if (!(await deps.deals.extendSweep(dealId, owner, at(realMs() + CLAIM_MS))))
        throw new SweepClaimLostError(`the sweep claim on ${dealId} ran out and was taken over`);
    },
    async release() {
      try {
        await deps.deals.releaseSweep(dealId, owner);
      } catch (error) {
        deps.log.warn('could not release a sweep claim; it will run out', {
          dealId,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    },
  };
}

/**
 * Takes the deal's sweep claim, waiting up to `waitMs` for a claim in flight or a hold being placed
 * to settle. A refusal says why: no such deal, on hold, or still busy when the wait ran out.
 */
export async function takeSweepClaim(
  deps: ClaimDeps & Pick<Deps, 'log'>,
  dealId: string,
  { waitMs = 0 }: { waitMs?: number } = {},
): Promise<ClaimOutcome> {
  const owner = newId('sweep');
  const deadline = realMs() + waitMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 400)) {
    const now = realMs();
    const deal = await deps.deals.claimSweep(dealId, owner, at(now), at(now + CLAIM_MS));
    if (deal) return { claim: claimFor(deps, dealId, owner, deal) };
    const current = await deps.deals.get(dealId);
    if (!current) return { refused: 'missing' };
    if (current.legalHold?.on) return { refused: 'held', deal: current };
    if (realMs() + delay > deadline) return { refused: 'busy', deal: current };
    await pause(delay);
  }
}

export const destructionRunning = () =>
  new ConflictError(
    'DEAL.DESTRUCTION_RUNNING',
    'A destruction step is running on this deal right now. Try again in a moment.',
  );

export const underLegalHold = () =>
  new ConflictError('DEAL.LEGAL_HOLD', 'This deal is under legal hold: nothing in it may be destroyed.');

/**
 * Takes the deal's sweep claim for a person's request (destroy the deal or one file now), waiting
 * up to {@link CLAIM_WAIT_MS} for a step in flight; a refusal becomes the error the person sees.
 */
export async function claimForRequest(
  deps: ClaimDeps & Pick<Deps, 'log'>,
  dealId: string,
): Promise<SweepClaim> {
  const taken = await takeSweepClaim(deps, dealId, { waitMs: CLAIM_WAIT_MS });
  if (!('refused' in taken)) return taken.claim;
  if (taken.refused === 'held') throw underLegalHold();
  if (taken.refused === 'missing') throw new NotFoundError('DEAL.NOT_FOUND', 'No such deal.');
  throw destructionRunning();
}

/**
 * Places a legal hold only while no destruction step is in flight. It first says a hold is waiting,
 * which stops any sweep at its next step, then waits for the step in flight (at most
 * {@link CLAIM_WAIT_MS}) and places the hold in one write conditional on no live claim.
 */
export async function placeLegalHold(deps: ClaimDeps, dealId: string, hold: LegalHold): Promise<Deal> {
  const deadline = realMs() + CLAIM_WAIT_MS;
  // The mark runs out with the wait, so a request that gives up (or dies) blocks nothing for long.
  await deps.deals.markHoldPending(dealId, at(deadline));
  for (let delay = 25; ; delay = Math.min(delay * 2, 400)) {
    try {
      return await deps.deals.setLegalHold(dealId, hold, at(realMs()));
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
    const deal = await deps.deals.get(dealId);
    if (!deal) throw new NotFoundError('DEAL.NOT_FOUND', 'No such deal.');
    // The step in flight was the deal's final destruction: there is nothing left to hold.
    if (deal.status === 'destroyed')
      throw new ConflictError('DEAL.DESTROYED', 'This deal is already destroyed.');
    if (realMs() + delay > deadline) throw destructionRunning();
    await pause(delay);
  }
}

/** Lifting never waits: a lifted hold stops nothing, and the claim refuses no one for it. */
export function liftLegalHold(deps: ClaimDeps, dealId: string, hold: LegalHold): Promise<Deal> {
  return deps.deals.setLegalHold(dealId, hold, at(realMs()));
}
