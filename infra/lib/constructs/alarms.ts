/**
 * What an operator is told about: any function error, anything in the dead-letter queue (an ingest
 * or a sweep that kept failing), API 5xx answers and throttling. Alarms publish to an encrypted SNS
 * topic (its own key, which CloudWatch may use to publish); subscribe an address or a pager to it.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * @example
 * new Alarms(this, 'Alarms', { functions: { api: api.handler.function }, deadLetters, httpApi: api.httpApi });
 */
export interface AlarmsProps {
  /** Functions by a short name, each alarmed on errors. */
  readonly functions: Record<string, IFunction>;
  readonly deadLetters: IQueue;
  readonly httpApi: HttpApi;
}

export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const topicKey = new Key(this, 'TopicKey', {
      description: 'Encrypts the dataroom alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes alarms to the encrypted topic, so it needs the topic's key.
    topicKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', {
      displayName: 'dataroom alarms',
      masterKey: topicKey,
      enforceSSL: true,
    });
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: IMetric, description: string) =>
      new Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(action);

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5) }), `The ${name} function failed`);
    }
    alarm(
      'DeadLetters',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      'An ingest or sweep kept failing and was parked in the dead-letter queue',
    );
    alarm('Api5xx', props.httpApi.metricServerError({ period: Duration.minutes(5) }), 'The API answered 5xx');
  }
}
