/**
 * Parties' receipts of a deal's manifest (移交确认书): append-only records, each bound to the
 * SHA-256 of the manifest the party acknowledged.
 *
 * @example
 * await deps.receipts.create(receipt);
 * const all = await deps.receipts.list(dealId); // oldest first
 */
import type { ManifestReceipt } from '../../../../shared/src/manifest.schema.ts';

export interface ReceiptRepository {
  /** Create-only: a receipt is never changed once recorded. */
  create(receipt: ManifestReceipt): Promise<void>;
  /** Every receipt of a deal, oldest first. Deals hold tens of these, not millions. */
  list(dealId: string): Promise<ManifestReceipt[]>;
}
