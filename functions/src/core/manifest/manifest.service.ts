/**
 * The handover checklist (移交清单) and the receipts that acknowledge it (移交确认书). A receipt
 * is bound to the hash of the manifest the party sees at that moment; one for any other hash is
 * refused, so a party can only acknowledge exactly what it was offered.
 */
import type {
  ManifestReceipt,
  ManifestReceiptBody,
  ManifestResponse,
} from '../../../../shared/src/manifest.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import {
  isBuyerSide,
  loadDealAccess,
  requireDealAdmits,
  requireNdaAccepted,
  requireRole,
} from '../access/deal-access.ts';
import { byUser, recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { ConflictError } from '../errors.ts';
import { newId } from '../security/secrets.ts';
import { buildManifest, manifestHash } from './manifest.ts';

async function currentManifest(deps: Deps, rc: RequestContext, dealId: string) {
  const [access, files] = await Promise.all([
    loadDealAccess(deps, rc.actor, dealId),
    deps.files.list(dealId),
  ]);
  requireNdaAccepted(access);
  const now = deps.clock.now();
  const manifest = buildManifest(access, files, now);
  return { access, now, manifest, sha256: manifestHash(manifest) };
}

export async function getManifest(deps: Deps, rc: RequestContext, dealId: string): Promise<ManifestResponse> {
  const { manifest, sha256, now } = await currentManifest(deps, rc, dealId);
  return { manifest, sha256, generatedAt: now.toISOString() };
}

/** A buyer's or advisor's acknowledgement, for its party, of the manifest it sees now. */
export async function recordReceipt(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  body: ManifestReceiptBody,
): Promise<ManifestReceipt> {
  const { access, manifest, sha256, now } = await currentManifest(deps, rc, dealId);
  requireRole(access, ['buyer', 'advisor'], 'acknowledge receipt of the manifest');
  const party = access.party;
  if (!party) throw new ConflictError('CONFLICT', 'Only a member of a party can acknowledge receipt.');
  requireDealAdmits(access, party.id, now);
  if (body.sha256OfManifest !== sha256) {
    await recordAudit(deps, {
      dealId,
      type: 'manifest.receipt_refused',
      outcome: 'denied',
      reason: 'MANIFEST.STALE',
      partyId: party.id,
      details: { sha256OfManifest: body.sha256OfManifest, current: sha256 },
      ...byUser(rc),
    });
    throw new ConflictError(
      'MANIFEST.STALE',
      'That is not the SHA-256 of the manifest you can see now: it changed, or was computed differently. ' +
        'Fetch GET …/manifest again and acknowledge its sha256.',
    );
  }
  const receipt: ManifestReceipt = {
    id: newId('rcp'),
    dealId,
    partyId: party.id,
    sha256OfManifest: sha256,
    files: manifest.files.length,
    createdAt: now.toISOString(),
    createdBy: rc.actor.email,
  };
  await deps.receipts.create(receipt);
  await recordAudit(deps, {
    dealId,
    type: 'manifest.receipt_recorded',
    outcome: 'info',
    partyId: party.id,
    details: { receiptId: receipt.id, sha256OfManifest: sha256, files: receipt.files },
    ...byUser(rc),
  });
  return receipt;
}

/** Sellers and admins see every party's receipts; a buyer or advisor only its own party's. */
export async function listReceipts(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
): Promise<ManifestReceipt[]> {
  const [access, receipts] = await Promise.all([
    loadDealAccess(deps, rc.actor, dealId),
    deps.receipts.list(dealId),
  ]);
  if (!isBuyerSide(access)) return receipts;
  requireNdaAccepted(access);
  return receipts.filter((r) => r.partyId === access.party?.id);
}
