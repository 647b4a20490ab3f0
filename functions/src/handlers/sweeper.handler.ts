/**
 * The sweeper Lambda: every 5 minutes (EventBridge rule) it destroys whatever is due, and a one-time
 * EventBridge Scheduler schedule wakes it at a deal's destroy time with `{ dealId }`, so that deal is
 * swept first. Every step is the core's, idempotent and resumable; a failed deal is retried by the
 * next run.
 */
import { z } from 'zod';
import { sweep, sweepDeal } from '../core/destruction/sweeper.ts';
import { awsRuntime } from './compose.ts';

const ScheduledSweepSchema = z.object({ dealId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/) });

export async function handler(event: unknown) {
  const { deps, flushSeals } = await awsRuntime();
  try {
    const scheduled = ScheduledSweepSchema.safeParse(event);
    if (scheduled.success) {
      const outcome = await sweepDeal(deps, scheduled.data.dealId);
      deps.log.info('scheduled sweep', { dealId: scheduled.data.dealId, ...outcome });
    }
    const report = await sweep(deps);
    deps.log.info('sweep', { ...report });
    return report;
  } finally {
    await flushSeals();
  }
}
