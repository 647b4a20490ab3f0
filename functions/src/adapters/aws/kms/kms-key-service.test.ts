import {
  AlreadyExistsException,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  KMSClient,
  KMSInvalidStateException,
  NotFoundException,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { KmsKeyService } from './kms-key-service.ts';

const kms = mockClient(KMSClient);
const ACCOUNT = '111122223333';
const API_ROLE = `arn:aws:iam::${ACCOUNT}:role/dataroom-test-api`;
const arnOf = (id: string) => `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${id}`;
const keys = new KmsKeyService({
  client: new KMSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
  app: 'dataroom',
  stage: 'test',
  partition: 'aws',
  accountId: ACCOUNT,
  region: 'eu-west-1',
  keyUserRoleArns: [API_ROLE],
  clock: { now: () => new Date('2026-01-01T00:00:00.000Z') },
});
const notFound = () => new NotFoundException({ message: 'Alias is not found.', $metadata: {} });
const invalidState = () => new KMSInvalidStateException({ message: 'pending deletion', $metadata: {} });
const alias = (dealId: string) => `alias/dataroom-test/${dealId}`;

describe('KmsKeyService', () => {
  beforeEach(() => kms.reset());

  it('creates a tagged key with the deal key policy and names it by the deal alias', async () => {
    kms.on(DescribeKeyCommand).rejects(notFound());
    kms.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: 'k1', Arn: arnOf('k1') } });
    kms.on(CreateAliasCommand).resolves({});

    await expect(keys.createDealKey('deal_1')).resolves.toEqual({ keyId: arnOf('k1') });

    const input = kms.commandCalls(CreateKeyCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      BypassPolicyLockoutSafetyCheck: true,
      Tags: [
        { TagKey: 'app', TagValue: 'dataroom' },
        { TagKey: 'stage', TagValue: 'test' },
        { TagKey: 'dealId', TagValue: 'deal_1' },
      ],
    });
    expect(JSON.parse(input?.Policy ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AccountAdministersThroughIam',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'RuntimeUsesKeyThroughS3',
          Effect: 'Allow',
          Principal: { AWS: [API_ROLE] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: {
            StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT },
          },
        },
        {
          Sid: 'RuntimeNamesAndFindsKey',
          Effect: 'Allow',
          Principal: { AWS: [API_ROLE] },
          Action: ['kms:CreateAlias', 'kms:DescribeKey'],
          Resource: '*',
        },
        {
          Sid: 'NoDirectCryptography',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
        },
      ],
    });
    expect(kms.commandCalls(CreateAliasCommand)[0]?.args[0].input).toEqual({
      AliasName: alias('deal_1'),
      TargetKeyId: 'k1',
    });
    // The ARN is remembered for SSE-KMS: no second DescribeKey.
    await expect(keys.keyArnFor('deal_1')).resolves.toBe(arnOf('k1'));
    expect(kms.commandCalls(DescribeKeyCommand)).toHaveLength(1);
  });

  it('returns the existing key when the deal already has one, creating nothing', async () => {
    kms
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { KeyId: 'k2', Arn: arnOf('k2'), KeyState: 'Enabled' } });
    await expect(keys.createDealKey('deal_2')).resolves.toEqual({ keyId: arnOf('k2') });
    expect(kms.commandCalls(CreateKeyCommand)).toHaveLength(0);
  });

  it('throws away its own key when a concurrent call named the deal key first', async () => {
    kms
      .on(DescribeKeyCommand)
      .rejectsOnce(notFound())
      .resolves({ KeyMetadata: { KeyId: 'first', Arn: arnOf('first'), KeyState: 'Enabled' } });
    kms.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: 'second', Arn: arnOf('second') } });
    kms.on(CreateAliasCommand).rejects(new AlreadyExistsException({ message: 'exists', $metadata: {} }));
    kms.on(ScheduleKeyDeletionCommand).resolves({});

    await expect(keys.createDealKey('deal_race')).resolves.toEqual({ keyId: arnOf('first') });
    expect(kms.commandCalls(ScheduleKeyDeletionCommand)[0]?.args[0].input).toEqual({
      KeyId: 'second',
      PendingWindowInDays: 7,
    });
  });

  it('throws away a key it could not name, so no unreachable key is left to pay for', async () => {
    kms.on(DescribeKeyCommand).rejects(notFound());
    kms.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: 'orphan', Arn: arnOf('orphan') } });
    kms.on(CreateAliasCommand).rejects(new Error('throttled'));
    kms.on(ScheduleKeyDeletionCommand).resolves({});
    await expect(keys.createDealKey('deal_fail')).rejects.toThrow('throttled');
    expect(kms.commandCalls(ScheduleKeyDeletionCommand).map((c) => c.args[0].input)).toEqual([
      { KeyId: 'orphan', PendingWindowInDays: 7 },
    ]);
  });

  it('refuses to hand out a key that is pending deletion as DEAL.DESTROYED', async () => {
    kms.on(DescribeKeyCommand).resolves({
      KeyMetadata: { KeyId: 'k3', Arn: arnOf('k3'), KeyState: 'PendingDeletion' },
    });
    await expect(keys.keyArnFor('deal_3')).rejects.toMatchObject({ code: 'DEAL.DESTROYED' });
    await expect(keys.createDealKey('deal_3')).rejects.toMatchObject({ code: 'DEAL.DESTROYED' });
    expect(kms.commandCalls(CreateKeyCommand)).toHaveLength(0);
  });

  it('disables an enabled key by its id, and does nothing for one disabled, pending deletion or missing', async () => {
    kms.on(DescribeKeyCommand, { KeyId: alias('deal_on') }).resolves({
      KeyMetadata: { KeyId: 'k-on', Arn: arnOf('k-on'), KeyState: 'Enabled' },
    });
    kms.on(DescribeKeyCommand, { KeyId: alias('deal_off') }).resolves({
      KeyMetadata: { KeyId: 'k-off', Arn: arnOf('k-off'), KeyState: 'Disabled' },
    });
    kms.on(DescribeKeyCommand, { KeyId: alias('deal_pending') }).resolves({
      KeyMetadata: { KeyId: 'k-p', Arn: arnOf('k-p'), KeyState: 'PendingDeletion' },
    });
    kms.on(DescribeKeyCommand, { KeyId: alias('deal_gone') }).rejects(notFound());
    kms.on(DisableKeyCommand).resolves({});

    for (const dealId of ['deal_on', 'deal_off', 'deal_pending', 'deal_gone'])
      await keys.disableDealKey(dealId);
    expect(kms.commandCalls(DisableKeyCommand).map((c) => c.args[0].input)).toEqual([{ KeyId: 'k-on' }]);
  });

  it('treats a key that changed state under a DisableKey as already disabled', async () => {
    kms
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { KeyId: 'k4', Arn: arnOf('k4'), KeyState: 'Enabled' } });
    kms.on(DisableKeyCommand).rejects(invalidState());
    await expect(keys.disableDealKey('deal_4')).resolves.toBeUndefined();
  });

  it('schedules deletion with a 7-day window and reports the deletion date as the destruction time', async () => {
    kms
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { KeyId: 'k5', Arn: arnOf('k5'), KeyState: 'Disabled' } });
    kms.on(ScheduleKeyDeletionCommand).resolves({
      KeyId: arnOf('k5'),
      KeyState: 'PendingDeletion',
      DeletionDate: new Date('2026-01-08T00:00:00.000Z'),
      PendingWindowInDays: 7,
    });
    await expect(keys.destroyDealKey('deal_5')).resolves.toEqual({
      keyId: arnOf('k5'),
      method: 'kms-schedule-key-deletion-7d',
      destroyedAt: '2026-01-08T00:00:00.000Z',
    });
    expect(kms.commandCalls(ScheduleKeyDeletionCommand)[0]?.args[0].input).toEqual({
      KeyId: 'k5',
      PendingWindowInDays: 7,
    });
  });

  it('answers a repeated destruction with the date KMS already holds, scheduling nothing again', async () => {
    kms.on(DescribeKeyCommand).resolves({
      KeyMetadata: {
        KeyId: 'k6',
        Arn: arnOf('k6'),
        KeyState: 'PendingDeletion',
        DeletionDate: new Date('2026-01-07T12:00:00.000Z'),
      },
    });
    await expect(keys.destroyDealKey('deal_6')).resolves.toEqual({
      keyId: arnOf('k6'),
      method: 'kms-schedule-key-deletion-7d',
      destroyedAt: '2026-01-07T12:00:00.000Z',
    });
    expect(kms.commandCalls(ScheduleKeyDeletionCommand)).toHaveLength(0);
  });

  it('reads the date back when a concurrent sweep scheduled the deletion first', async () => {
    kms
      .on(DescribeKeyCommand)
      .resolvesOnce({ KeyMetadata: { KeyId: 'k7', Arn: arnOf('k7'), KeyState: 'Disabled' } })
      .resolves({
        KeyMetadata: {
          KeyId: 'k7',
          Arn: arnOf('k7'),
          KeyState: 'PendingDeletion',
          DeletionDate: new Date('2026-01-08T00:00:00.000Z'),
        },
      });
    kms.on(ScheduleKeyDeletionCommand).rejects(invalidState());
    await expect(keys.destroyDealKey('deal_7')).resolves.toMatchObject({
      destroyedAt: '2026-01-08T00:00:00.000Z',
    });
  });

  it('reports a key KMS has already deleted (alias gone) as destroyed, without failing', async () => {
    kms.on(DescribeKeyCommand).rejects(notFound());
    await expect(keys.destroyDealKey('deal_8')).resolves.toEqual({
      keyId: alias('deal_8'),
      method: 'kms-schedule-key-deletion-7d',
      destroyedAt: '2026-01-01T00:00:00.000Z',
    });
  });
});
