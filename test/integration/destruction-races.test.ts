/**
 * Destruction racing a legal hold (invariant 10) and racing itself, through the real local runtime.
 * Each race is made deterministic by pausing one method of a real adapter or repository in
 * `h.runtime.deps` at a chosen call until the test lets it go; nothing of ours is mocked.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../functions/src/core/deps.ts';
import { sweep } from '../../functions/src/core/destruction/sweeper.ts';
import type { Deal } from '../../shared/src/deal.schema.ts';
import {
  auditOf,
  auditVerifies,
  closeDeal,
  dealKeyFile,
  deleteFile,
  destroyNow,
  getDeal,
  getFile,
  legalHold,
  objectOf,
} from '../support/deal-api.ts';
import { type Harness, json, startHarness } from '../support/harness.ts';
import {
  anotherDeal,
  createScenario,
  expectError,
  expectStatus,
  type Scenario,
  type Uploaded,
  uploadFile,
} from '../support/scenario.ts';

const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

interface Pause {
  /** Resolves once the paused call has been reached. */
  readonly reached: Promise<void>;
  /** Lets the paused call go on (to the real method). */
  release(): void;
  restore(): void;
}

/**
 * Holds the first call of `deps.<port>.<method>` for which `matches(args)` is true until `release`;
 * every other call goes straight to the real method.
 */
function pauseAt(deps: Deps, step: string, matches: (args: unknown[]) => boolean): Pause {
  const [port, method] = step.split('.') as [keyof Deps, string];
  const target = deps[port] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const real = target[method];
  if (typeof real !== 'function') throw new Error(`no method ${step}`);
  const hadOwn = Object.hasOwn(target, method);
  let reach = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let paused = false;
  target[method] = async (...args: unknown[]) => {
    if (!paused && matches(args)) {
      paused = true;
      reach();
      await released;
    }
    return real.apply(target, args);
  };
  return {
    reached,
    release,
    restore() {
      release();
      if (hadOwn) target[method] = real;
      else delete target[method];
    },
  };
}

/** Runs `onCall` at the nth call of `deps.<port>.<method>`, before the real method. */
function onCall(deps: Deps, step: string, nth: number, run: () => void): () => void {
  const [port, method] = step.split('.') as [keyof Deps, string];
  const target = deps[port] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const real = target[method];
  if (typeof real !== 'function') throw new Error(`no method ${step}`);
  const hadOwn = Object.hasOwn(target, method);
  let calls = 0;
  target[method] = async (...args: unknown[]) => {
    if (++calls === nth) run();
    return real.apply(target, args);
  };
  return () => {
    if (hadOwn) target[method] = real;
    else delete target[method];
  };
}

const aboutDeal = (dealId: string) => (args: unknown[]) =>
  args.some(
    (a) =>
      a === dealId || (typeof a === 'object' && a !== null && (a as { dealId?: unknown }).dealId === dealId),
  );

/** Whether a file is whole: record available and bytes on disk. */
async function isKept(h: Harness, s: Scenario, file: Uploaded): Promise<boolean> {
  return (
    (await getFile(h, s, file.fileId)).status === 'available' &&
    existsSync(objectOf(h, s.dealId, file.fileId))
  );
}

/** Whether a file is gone: record destroyed and bytes gone. */
async function isDestroyed(h: Harness, s: Scenario, file: Uploaded): Promise<boolean> {
  return (
    (await getFile(h, s, file.fileId)).status === 'destroyed' &&
    !existsSync(objectOf(h, s.dealId, file.fileId))
  );
}

async function dealWithFiles(
  h: Harness,
  base: Scenario,
  name: string,
  retentionDays: number,
): Promise<{ s: Scenario; files: Uploaded[] }> {
  const s = await anotherDeal(h, base, { name, retentionDays });
  const files = [
    await uploadFile(h, s, { name: 'customers.csv' }),
    await uploadFile(h, s, { name: 'orders.csv' }),
    await uploadFile(h, s, { name: 'cards.csv' }),
  ];
  return { s, files };
}

/** Claims as a process that is not this runtime would hold them (real time, like the runtime's). */
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('legal hold racing destruction (invariant 10)', () => {
  let h: Harness;
  let base: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    base = await createScenario(h);
  });
  afterAll(() => h.close());

  it('stops a running sweep after the file in flight when a hold is asked for, and keeps the rest', async () => {
    const { s, files } = await dealWithFiles(h, base, 'Project Hold Mid-Sweep', 0);
    await closeDeal(h, s);
    const paused = pauseAt(h.runtime.deps, 'objects.destroyFile', aboutDeal(s.dealId));
    // The file in flight may finish once the hold request is under way (its first attempt to land).
    const letGo = onCall(h.runtime.deps, 'deals.setLegalHold', 1, paused.release);
    let sweeping: Promise<void> | undefined;
    try {
      sweeping = h.runtime.sweepNow();
      await paused.reached;
      await expectStatus(await legalHold(h, s, { on: true, reason: 'Litigation 2025-9' }), 200);
      await sweeping;
    } finally {
      letGo();
      paused.restore();
      await sweeping;
    }

    const kept = await Promise.all(files.map((f) => isKept(h, s, f)));
    expect(kept.filter(Boolean)).toHaveLength(files.length - 1);
    const inFlight = files[kept.indexOf(false)]!;
    expect(await isDestroyed(h, s, inFlight)).toBe(true);
    expect((await getDeal(h, s)).status).not.toBe('destroyed');
    expect(existsSync(dealKeyFile(h, s.dealId))).toBe(true);
    expect((await auditOf(h, s, 'file.destroyed')).map((e) => e.fileId)).toEqual([inFlight.fileId]);

    // Held: later sweeps leave it alone; lifted: the next one finishes, each file destroyed once.
    await h.runtime.sweepNow();
    expect((await Promise.all(files.map((f) => isKept(h, s, f)))).filter(Boolean)).toHaveLength(2);
    await expectStatus(await legalHold(h, s, { on: false, reason: 'Settled' }), 200);
    await h.runtime.sweepNow();
    expect((await getDeal(h, s)).status).toBe('destroyed');
    for (const f of files) expect(await isDestroyed(h, s, f)).toBe(true);
    const destroyed = (await auditOf(h, s, 'file.destroyed')).map((e) => e.fileId).sort();
    expect(destroyed).toEqual(files.map((f) => f.fileId).sort());
    expect(await auditOf(h, s, 'deal.destroyed')).toHaveLength(1);
    expect(await auditVerifies(h, s)).toBe(true);
  });

  it('refuses a DELETE with 409 DEAL.LEGAL_HOLD when the hold lands between its check and the destruction', async () => {
    const { s, files } = await dealWithFiles(h, base, 'Project Hold Mid-Delete', 30);
    const [doomed] = files;
    const paused = pauseAt(
      h.runtime.deps,
      'files.get',
      (args) => args[0] === s.dealId && args[1] === doomed!.fileId,
    );
    try {
      const deleting = deleteFile(h, s, doomed!.fileId);
      await paused.reached; // the DELETE has read the deal: no hold yet
      await expectStatus(await legalHold(h, s, { on: true, reason: 'Regulator inquiry' }), 200);
      paused.release();
      await expectError(await deleting, 409, 'DEAL.LEGAL_HOLD');
    } finally {
      paused.restore();
    }
    for (const f of files) expect(await isKept(h, s, f)).toBe(true);
    expect(await auditOf(h, s, 'file.destroyed')).toEqual([]);
  });

  it('places a hold asked for while a file is being destroyed only once that file is gone', async () => {
    const { s, files } = await dealWithFiles(h, base, 'Project Hold Waits', 30);
    const [doomed, ...others] = files;
    const paused = pauseAt(h.runtime.deps, 'objects.destroyFile', aboutDeal(s.dealId));
    // The destruction goes on once the hold has tried to land and been turned away (its second
    // attempt); a hold that never waits has answered by then, while the file is still there.
    const letGo = onCall(h.runtime.deps, 'deals.setLegalHold', 2, paused.release);
    let deleting: Promise<Response> | undefined;
    try {
      deleting = deleteFile(h, s, doomed!.fileId);
      await paused.reached;
      await expectStatus(await legalHold(h, s, { on: true, reason: 'Litigation 2025-10' }), 200);
      // Invariant 10 at the moment the hold stands: no destruction is still under way.
      expect(await isDestroyed(h, s, doomed!)).toBe(true);
      expect((await auditOf(h, s, 'file.destroyed')).map((e) => e.fileId)).toEqual([doomed!.fileId]);
      await expectStatus(await deleting, 200);
    } finally {
      letGo();
      paused.restore();
      await deleting;
    }
    for (const f of others) expect(await isKept(h, s, f)).toBe(true);
    await expectError(await deleteFile(h, s, others[0]!.fileId), 409, 'DEAL.LEGAL_HOLD');
    expect(await auditOf(h, s, 'file.destroyed')).toHaveLength(1);
  });

  it('answers 409 DEAL.DESTRUCTION_RUNNING when a destruction step outlasts the wait, and places nothing', async () => {
    const { s, files } = await dealWithFiles(h, base, 'Project Long Step', 30);
    const deals = h.runtime.deps.deals;
    expect(await deals.claimSweep(s.dealId, 'sweep_elsewhere', inMs(0), inMs(60_000))).toBeDefined();
    try {
      await expectError(
        await legalHold(h, s, { on: true, reason: 'Too soon' }),
        409,
        'DEAL.DESTRUCTION_RUNNING',
      );
      expect((await getDeal(h, s)).legalHold).toBeUndefined();
      await expectError(await deleteFile(h, s, files[0]!.fileId), 409, 'DEAL.DESTRUCTION_RUNNING');
      expect(await isKept(h, s, files[0]!)).toBe(true);
    } finally {
      await deals.releaseSweep(s.dealId, 'sweep_elsewhere');
    }
    const held = await json<Deal>(
      await expectStatus(await legalHold(h, s, { on: true, reason: 'Now it lands' }), 200),
    );
    expect(held.legalHold).toMatchObject({ on: true, reason: 'Now it lands' });
    expect(await auditOf(h, s, 'legal_hold.placed')).toHaveLength(1);
  });
});

describe('one sweep per deal at a time', () => {
  let h: Harness;
  let base: Scenario;
  beforeAll(async () => {
    h = await startHarness();
    base = await createScenario(h);
  });
  afterAll(() => h.close());

  async function expectDestroyedOnce(s: Scenario, files: Uploaded[]): Promise<void> {
    expect((await getDeal(h, s)).status).toBe('destroyed');
    for (const f of files) expect(await isDestroyed(h, s, f)).toBe(true);
    const fileEvents = (await auditOf(h, s, 'file.destroyed')).map((e) => e.fileId).sort();
    expect(fileEvents).toEqual(files.map((f) => f.fileId).sort());
    expect(await auditOf(h, s, 'deal.destroyed')).toHaveLength(1);
    expect(await auditVerifies(h, s)).toBe(true);
    expect(await h.runtime.deps.deals.dueForSweep(FAR_FUTURE, 1000)).not.toContain(s.dealId);
  }

  it('makes destroy-now wait for the sweep already destroying the deal: one event per file, one deal.destroyed', async () => {
    const { s, files } = await dealWithFiles(h, base, 'Project Double Sweep', 0);
    await closeDeal(h, s);
    const paused = pauseAt(h.runtime.deps, 'objects.destroyFile', aboutDeal(s.dealId));
    let sweeping: Promise<void> | undefined;
    try {
      sweeping = h.runtime.sweepNow();
      await paused.reached;
      const destroying = destroyNow(h, s);
      // Give destroy-now time to run on its own if nothing stops it, then let the sweep go on.
      await Promise.race([destroying, new Promise((resolve) => setTimeout(resolve, 300))]);
      paused.release();
      const answer = await json<Deal>(await expectStatus(await destroying, 200));
      expect(answer.status).toBe('destroyed');
      await sweeping;
    } finally {
      paused.restore();
      await sweeping;
    }
    await expectDestroyedOnce(s, files);
  });

  it("leaves a deal to the sweep already at work on it when another process's sweep comes round", async () => {
    const { s, files } = await dealWithFiles(h, base, 'Project Two Sweepers', 0);
    await closeDeal(h, s);
    const paused = pauseAt(h.runtime.deps, 'objects.destroyFile', aboutDeal(s.dealId));
    let sweeping: Promise<void> | undefined;
    try {
      sweeping = h.runtime.sweepNow();
      await paused.reached;
      const other = await sweep(h.runtime.deps);
      expect(other).toMatchObject({ filesDestroyed: 0, dealsDestroyed: 0, failures: 0 });
      paused.release();
      await sweeping;
    } finally {
      paused.restore();
      await sweeping;
    }
    await expectDestroyedOnce(s, files);
  });

  it('runs a sweep asked for while another is under way after it, so it sees what changed meanwhile', async () => {
    const first = await dealWithFiles(h, base, 'Project Busy Sweep', 0);
    const second = await dealWithFiles(h, base, 'Project Late Close', 0);
    await closeDeal(h, first.s);
    // The sweep under way has read what is due (the first deal only) and is destroying its files.
    const paused = pauseAt(h.runtime.deps, 'objects.destroyFile', aboutDeal(first.s.dealId));
    let underWay: Promise<void> | undefined;
    try {
      underWay = h.runtime.sweepNow();
      await paused.reached;
      await closeDeal(h, second.s);
      const asked = h.runtime.sweepNow();
      paused.release();
      await asked;
    } finally {
      paused.restore();
      await underWay;
    }
    await expectDestroyedOnce(second.s, second.files);
    await expectDestroyedOnce(first.s, first.files);
  });

  it('resumes a deal whose sweep died holding the claim once the claim has run out', async () => {
    const { s, files } = await dealWithFiles(h, base, 'Project Dead Sweeper', 0);
    const deals = h.runtime.deps.deals;
    // What a sweeper that died mid-step leaves: its claim, live for a while.
    expect(await deals.claimSweep(s.dealId, 'sweep_dead', inMs(0), inMs(60_000))).toBeDefined();
    await closeDeal(h, s);
    await h.runtime.sweepNow();
    for (const f of files) expect(await isKept(h, s, f)).toBe(true);
    expect(await deals.dueForSweep(FAR_FUTURE, 1000)).toContain(s.dealId);

    // The claim runs out (moved into the past rather than waited for).
    expect(await deals.claimSweep(s.dealId, 'sweep_dead', inMs(0), inMs(-1000))).toBeDefined();
    await h.runtime.sweepNow();
    await expectDestroyedOnce(s, files);
  });
});
