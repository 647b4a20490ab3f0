/**
 * One encryption key per deal: created with the deal, disabled when access ends, destroyed
 * when the deal's data is destroyed (crypto-shredding). Every method is idempotent.
 *
 * @example
 * const { keyId } = await keys.createDealKey('deal_…');
 * await keys.destroyDealKey('deal_…'); // again: same answer, no error
 */
export interface KeyDestruction {
  keyId: string;
  /** e.g. `local-keyfile-erased` or `kms-schedule-key-deletion-7d`. */
  method: string;
  /** When the key is (or will be, for KMS's waiting period) unrecoverable. */
  destroyedAt: string;
}

export interface KeyService {
  createDealKey(dealId: string): Promise<{ keyId: string }>;
  disableDealKey(dealId: string): Promise<void>;
  destroyDealKey(dealId: string): Promise<KeyDestruction>;
}
