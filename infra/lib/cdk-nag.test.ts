/**
 * cdk-nag's AwsSolutions checks on the whole app, as `npm run synth` runs them: the stack synthesizes
 * with every finding acknowledged (each with its reason), and a finding nobody acknowledged fails it.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { DataroomStack } from './dataroom-stack.ts';

function checkedApp(): App {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

describe('cdk-nag AwsSolutions', () => {
  it('passes on the stack, with and without a custom domain and CloudTrail data events', () => {
    const app = checkedApp();
    new DataroomStack(app, 'Plain', { stage: 'plain', webDistPath: '/none' });
    new DataroomStack(app, 'Full', {
      stage: 'full',
      domainName: 'dataroom.corp.example',
      certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
      cloudTrailDataEvents: true,
      webDistPath: '/none',
    });
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synth on a finding nobody acknowledged', () => {
    const app = checkedApp();
    new Bucket(new Stack(app, 'Careless'), 'NoLogsNoTls');
    expect(() => app.synth()).toThrow(/AwsSolutions-S1\b[\s\S]*AwsSolutions-S10/);
  });
});
