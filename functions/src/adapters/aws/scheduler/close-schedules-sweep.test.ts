/**
 * The core's one hook for the one-time sweep schedule: closing a deal asks for a sweep at its destroy
 * time, and a schedule that cannot be made never undoes or fails the close (the periodic sweep is
 * the backstop). Runs on the real local runtime; the local runtime itself sets no `scheduleSweep`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDeal, getDeal } from '../../../../../test/support/deal-api.ts';
import { type Harness, startHarness } from '../../../../../test/support/harness.ts';
import { createScenario } from '../../../../../test/support/scenario.ts';

describe('closing a deal with a sweep scheduler', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('asks for a sweep at the deal destroy time', async () => {
    expect(h.runtime.deps.scheduleSweep).toBeUndefined();
    const calls: [string, string][] = [];
    h.runtime.deps.scheduleSweep = async (dealId, at) => {
      calls.push([dealId, at.toISOString()]);
    };
    const s = await createScenario(h, { retentionDays: 30 });
    const closed = await closeDeal(h, s);
    expect(closed.destroyAt).toBeDefined();
    expect(calls).toEqual([[s.dealId, closed.destroyAt]]);
  });

  it('closes the deal even when the schedule cannot be made', async () => {
    h.runtime.deps.scheduleSweep = async () => {
      throw new Error('scheduler unavailable');
    };
    const s = await createScenario(h, { retentionDays: 30 });
    await closeDeal(h, s);
    expect((await getDeal(h, s)).status).toBe('closed');
  });
});
