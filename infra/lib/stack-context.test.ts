import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readStackContext } from './stack-context.ts';

const contextOf = (context: Record<string, unknown>) => readStackContext(new App({ context }));

describe('readStackContext', () => {
  it('reads the deploy command’s values, splitting and lower-casing the admins', () => {
    expect(
      contextOf({
        stage: 'prod',
        adminEmails: 'Ana@Corp.example, li.wei@corp.example',
        mailFrom: 'Dataroom <no-reply@corp.example>',
        logRetentionDays: '90',
        cloudTrailDataEvents: 'true',
      }),
    ).toEqual({
      stage: 'prod',
      adminEmails: ['ana@corp.example', 'li.wei@corp.example'],
      mailFrom: 'Dataroom <no-reply@corp.example>',
      logRetentionDays: 90,
      cloudTrailDataEvents: true,
    });
  });

  it('defaults the stage to dev and leaves the rest to the stack', () => {
    expect(contextOf({})).toEqual({ stage: 'dev' });
  });

  it('stops synth with a message naming each bad key', () => {
    expect(() =>
      contextOf({ stage: 'Prod!', adminEmails: 'not-an-address', logRetentionDays: '-1' }),
    ).toThrow(/-c stage:[\s\S]*-c adminEmails[\s\S]*-c logRetentionDays/);
    expect(() => contextOf({ domainName: 'dataroom.corp.example' })).toThrow(/-c certificateArn: required/);
  });
});
