/**
 * One KMS customer managed key per deal, found by its alias `alias/<app>-<stage>/<dealId>` (the core
 * keeps no key id: the alias is the deal's key). Created with the deal, disabled when access ends,
 * scheduled for deletion (7 days, KMS's shortest waiting period) when the deal is destroyed:
 * crypto-shredding, since every object of the deal is encrypted under it. Every step is idempotent.
 */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  type KeyMetadata,
  type KMSClient,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { ConflictError } from '../../../core/errors.ts';
import { type Clock, systemClock } from '../../../core/ports/clock.port.ts';
import type { KeyDestruction, KeyService } from '../../../core/ports/key-service.port.ts';
import { type DealKeyPolicyInput, dealKeyPolicy } from './deal-key-policy.ts';

export const PENDING_WINDOW_DAYS = 7;
export const KMS_DESTROY_METHOD = 'kms-schedule-key-deletion-7d';

export interface KmsKeyServiceOptions extends DealKeyPolicyInput {
  client: KMSClient;
  /** Tag `app` and alias prefix, e.g. `dataroom`. */
  app: string;
  stage: string;
  /** @default systemClock */
  clock?: Clock;
}

const kmsError = (error: unknown, ...names: string[]) => error instanceof Error && names.includes(error.name);

/**
 * {@link KeyService} on AWS KMS.
 *
 * @example
 * const keys = new KmsKeyService({ client: new KMSClient({}), app: 'dataroom', stage: 'prod',
 *   partition: 'aws', accountId, region, keyUserRoleArns: [apiRoleArn] });
 * const { keyId } = await keys.createDealKey('deal_…'); // the key's ARN
 */
export class KmsKeyService implements KeyService {
  readonly #options: KmsKeyServiceOptions;
  readonly #clock: Clock;
  /** Deal id → key ARN; a deal's key never changes, so this lives as long as the process. */
  readonly #arns = new Map<string, string>();

  constructor(options: KmsKeyServiceOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  aliasFor(dealId: string): string {
    return `alias/${this.#options.app}-${this.#options.stage}/${dealId}`;
  }

  async createDealKey(dealId: string): Promise<{ keyId: string }> {
    const existing = await this.#describe(dealId);
    if (existing) return { keyId: usable(existing).Arn as string };
    const { client, app, stage } = this.#options;
    const created = await client.send(
      new CreateKeyCommand({
        Description: `${app} ${stage}: encrypts the objects of deal ${dealId}`,
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeySpec: 'SYMMETRIC_DEFAULT',
        Policy: JSON.stringify(dealKeyPolicy(this.#options)),
        // The check wants the caller to be able to change the policy later; the runtime role must not
        // (least privilege), and the policy's account statement keeps the key manageable by the account.
        BypassPolicyLockoutSafetyCheck: true,
        Tags: [
          { TagKey: 'app', TagValue: app },
          { TagKey: 'stage', TagValue: stage },
          { TagKey: 'dealId', TagValue: dealId },
        ],
      }),
    );
    const key = created.KeyMetadata;
    if (!key?.KeyId || !key.Arn) throw new Error('KMS created a key without an id.');
    try {
      await client.send(new CreateAliasCommand({ AliasName: this.aliasFor(dealId), TargetKeyId: key.KeyId }));
    } catch (error) {
      // Unnamed, the key would never be found again: throw it away (a concurrent call that named its
      // own key first made that one the deal's; any other failure is retried with a new key).
      // Best effort: failing to throw it away must not hide why it could not be named.
      await client
        .send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: PENDING_WINDOW_DAYS }))
        .catch(() => undefined);
      if (!kmsError(error, 'AlreadyExistsException')) throw error;
      return this.createDealKey(dealId);
    }
    this.#arns.set(dealId, key.Arn);
    return { keyId: key.Arn };
  }

  /** The deal key's ARN, for SSE-KMS. Throws `DEAL.DESTROYED` when there is no usable key. */
  async keyArnFor(dealId: string): Promise<string> {
    const cached = this.#arns.get(dealId);
    if (cached) return cached;
    const key = await this.#describe(dealId);
    if (!key) throw destroyed();
    return usable(key).Arn as string;
  }

  async disableDealKey(dealId: string): Promise<void> {
    const key = await this.#describe(dealId);
    if (!key?.KeyId || key.KeyState !== 'Enabled') return; // already disabled, pending deletion or gone
    try {
      await this.#options.client.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    } catch (error) {
      if (!kmsError(error, 'KMSInvalidStateException', 'NotFoundException')) throw error;
    }
  }

  async destroyDealKey(dealId: string): Promise<KeyDestruction> {
    this.#arns.delete(dealId);
    const key = await this.#describe(dealId);
    if (!key?.KeyId) {
      // The alias goes with the key once KMS has deleted it: nothing is left to destroy.
      return { keyId: this.aliasFor(dealId), method: KMS_DESTROY_METHOD, destroyedAt: this.#now() };
    }
    if (key.KeyState === 'PendingDeletion' && key.DeletionDate) return destruction(key, key.DeletionDate);
    try {
      const scheduled = await this.#options.client.send(
        new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: PENDING_WINDOW_DAYS }),
      );
      const at =
        scheduled.DeletionDate ?? new Date(this.#clock.now().getTime() + PENDING_WINDOW_DAYS * 86_400_000);
      return destruction(key, at);
    } catch (error) {
      if (!kmsError(error, 'KMSInvalidStateException')) throw error;
      // Scheduled by a concurrent sweep meanwhile: report the date KMS holds.
      const again = await this.#describe(dealId);
      if (again?.KeyState === 'PendingDeletion' && again.DeletionDate)
        return destruction(again, again.DeletionDate);
      throw error;
    }
  }

  async #describe(dealId: string): Promise<KeyMetadata | undefined> {
    try {
      const described = await this.#options.client.send(
        new DescribeKeyCommand({ KeyId: this.aliasFor(dealId) }),
      );
      return described.KeyMetadata;
    } catch (error) {
      if (kmsError(error, 'NotFoundException')) return undefined;
      throw error;
    }
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }
}

function usable(key: KeyMetadata): KeyMetadata {
  if (key.KeyState === 'PendingDeletion' || !key.Arn) throw destroyed();
  return key;
}

function destruction(key: KeyMetadata, at: Date): KeyDestruction {
  return { keyId: key.Arn ?? key.KeyId ?? '', method: KMS_DESTROY_METHOD, destroyedAt: at.toISOString() };
}

function destroyed(): ConflictError {
  return new ConflictError('DEAL.DESTROYED', "The deal's key does not exist or has been destroyed.");
}
