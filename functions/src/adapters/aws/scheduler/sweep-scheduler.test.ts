import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SweepScheduler } from './sweep-scheduler.ts';

const scheduler = mockClient(SchedulerClient);
const NOW = new Date('2026-03-01T10:00:00.000Z');
const sweeps = new SweepScheduler({
  client: new SchedulerClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  }),
  groupName: 'dataroom-test-sweeps',
  targetArn: 'arn:aws:lambda:eu-west-1:111122223333:function:sweeper',
  roleArn: 'arn:aws:iam::111122223333:role/scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:111122223333:dlq',
  clock: { now: () => NOW },
});

describe('SweepScheduler', () => {
  beforeEach(() => scheduler.reset());

  it("creates a one-time schedule at the deal's destroy time that deletes itself after running", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:s' });
    await sweeps.scheduleSweep('deal_abc', new Date('2026-04-01T00:00:30.999Z'));
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'sweep-deal_abc',
      GroupName: 'dataroom-test-sweeps',
      ScheduleExpression: 'at(2026-04-01T00:00:30)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Description: 'Destroys the deal when its retention ends',
      Target: {
        Arn: 'arn:aws:lambda:eu-west-1:111122223333:function:sweeper',
        RoleArn: 'arn:aws:iam::111122223333:role/scheduler',
        Input: '{"dealId":"deal_abc"}',
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-1:111122223333:dlq' },
      },
    });
  });

  it('schedules a destroy time already past (retention 0) one minute from now', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:s' });
    await sweeps.scheduleSweep('deal_now', new Date('2026-03-01T09:00:00.000Z'));
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input.ScheduleExpression).toBe(
      'at(2026-03-01T10:01:00)',
    );
  });

  it('keeps a schedule the deal already has', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} }));
    await expect(sweeps.scheduleSweep('deal_abc', new Date('2026-04-01T00:00:00Z'))).resolves.toBeUndefined();
  });
});
