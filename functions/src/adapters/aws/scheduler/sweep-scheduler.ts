/**
 * One-time EventBridge Scheduler schedules that wake the sweeper at a deal's destroy time, so that
 * destruction happens on time rather than on the next `rate(5 minutes)` tick. Each schedule deletes
 * itself after it has run (`ActionAfterCompletion: DELETE`); the periodic sweep stays the backstop.
 */
import { ConflictException, CreateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { type Clock, systemClock } from '../../../core/ports/clock.port.ts';

/** EventBridge Scheduler cannot fire in the past: anything due sooner runs a minute from now. */
const MIN_LEAD_MS = 60_000;

export interface SweepSchedulerOptions {
  client: SchedulerClient;
  /** The schedule group, e.g. `dataroom-prod-sweeps` (IAM scopes the runtime to it). */
  groupName: string;
  /** The sweeper Lambda's ARN. */
  targetArn: string;
  /** The role the scheduler assumes to invoke the sweeper. */
  roleArn: string;
  /** Where an invocation that keeps failing goes. */
  deadLetterArn?: string;
  /** @default systemClock */
  clock?: Clock;
}

/** What the sweeper receives from a one-time schedule. */
export interface ScheduledSweepInput {
  dealId: string;
}

/**
 * @example
 * const scheduler = new SweepScheduler({ client: new SchedulerClient({}), groupName, targetArn, roleArn });
 * await scheduler.scheduleSweep('deal_…', new Date(deal.destroyAt));
 */
export class SweepScheduler {
  readonly #options: SweepSchedulerOptions;
  readonly #clock: Clock;

  constructor(options: SweepSchedulerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** Idempotent: a schedule the deal already has is kept as it is. */
  async scheduleSweep(dealId: string, at: Date): Promise<void> {
    const { client, groupName, targetArn, roleArn, deadLetterArn } = this.#options;
    const earliest = this.#clock.now().getTime() + MIN_LEAD_MS;
    const when = new Date(Math.max(at.getTime(), earliest));
    const input: ScheduledSweepInput = { dealId };
    try {
      await client.send(
        new CreateScheduleCommand({
          Name: `sweep-${dealId}`,
          GroupName: groupName,
          ScheduleExpression: `at(${when.toISOString().slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          State: 'ENABLED',
          Description: 'Destroys the deal when its retention ends',
          Target: {
            Arn: targetArn,
            RoleArn: roleArn,
            Input: JSON.stringify(input),
            RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
            ...(deadLetterArn ? { DeadLetterConfig: { Arn: deadLetterArn } } : {}),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
  }
}
