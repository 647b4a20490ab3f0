/**
 * One-time EventBridge Scheduler schedules at each deal's destroy time: the group they live in and
 * the role the scheduler assumes to invoke the sweeper. The API, which closes deals, may create
 * schedules in this group only and pass only this role.
 */
import { Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, arnRef } from '../nag.ts';

/**
 * @example
 * const schedules = new SweepSchedules(this, 'Schedules', { stage, sweeper: workers.sweeper.function, deadLetters });
 * schedules.grantCreate(api.role);
 */
export interface SweepSchedulesProps {
  readonly stage: string;
  readonly sweeper: IFunction;
  readonly deadLetters: IQueue;
}

export class SweepSchedules extends Construct {
  readonly groupName: string;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: SweepSchedulesProps) {
    super(scope, id);
    this.groupName = `dataroom-${props.stage}-sweeps`;
    new CfnScheduleGroup(this, 'Group', { name: this.groupName });
    this.role = new Role(this, 'InvokeSweeper', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invokes the dataroom sweeper at a deal destroy time',
    });
    props.sweeper.grantInvoke(this.role);
    props.deadLetters.grantSendMessages(this.role);
    acknowledge(
      this.role,
      `AwsSolutions-IAM5[Resource::${arnRef(props.sweeper)}:*]`,
      'Lambda.grantInvoke covers the sweeper and its versions; it is the only function this role may invoke.',
    );
  }

  grantCreate(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule'],
        resources: [
          Stack.of(this).formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${this.groupName}/*`,
          }),
        ],
      }),
    );
    this.role.grantPassRole(grantee.grantPrincipal);
  }
}
