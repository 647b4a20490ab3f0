/**
 * Masked previews: the first rows of a dataset with every detected personal value masked, so that
 * bidders can judge it before closing without receiving personal data (PIPL art. 23, GDPR art.
 * 5(1)(c)). Seen by the seller, admins, and parties whose grant on the file has `view`; anyone else
 * gets the 404 of a file that does not exist. Unmasked values are read from the encrypted object
 * and dropped in memory: never stored, logged or audited.
 */
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import type { DatasetPreview } from '../../../../shared/src/profile.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import {
  type DealAccess,
  fileIsServable,
  fileNotFound,
  grantCovers,
  isBuyerSide,
  liveGrantsOf,
  loadDealAccess,
  requireNdaAccepted,
  visibleFiles,
} from '../access/deal-access.ts';
import { byUser, recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { ConflictError, DomainError, ForbiddenError } from '../errors.ts';
import { maskedPreview } from '../profiling/index.ts';

/** Rows a preview shows at most. */
export const PREVIEW_ROWS = 20;

const noPreview = () =>
  new ConflictError(
    'FILE.NO_PREVIEW',
    'This file has no preview: only datasets (CSV, TSV, JSONL, XLSX) whose columns ingest could read have one.',
  );

/** The file, if this caller may preview it now, or the refusal it gets. */
function previewable(access: DealAccess, file: DataFile | undefined, now: Date): DataFile {
  const visible = file && visibleFiles(access, [file], now)[0];
  if (!visible) throw fileNotFound();
  if (isBuyerSide(access)) {
    const covering = liveGrantsOf(access, now).filter((g) => grantCovers(g, visible.id));
    if (!covering.some((g) => g.actions.includes('view'))) {
      throw new ForbiddenError(
        'FORBIDDEN',
        "Your party's grant on this file allows downloads, not previews.",
      );
    }
  } else if (!fileIsServable(access.deal, file, now)) {
    const state = visible.status === 'available' ? 'past its retention' : visible.status;
    throw new ConflictError('FILE.NOT_AVAILABLE', `This file is ${state}; it has no preview.`);
  }
  if (!visible.profile || visible.profile.columns.length === 0) throw noPreview();
  return visible;
}

export async function previewFile(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  fileId: string,
): Promise<DatasetPreview> {
  const [access, file] = await Promise.all([
    loadDealAccess(deps, rc.actor, dealId),
    deps.files.get(dealId, fileId),
  ]);
  const scope = { dealId, fileId, ...(access.party ? { partyId: access.party.id } : {}), ...byUser(rc) };
  let target: DataFile;
  try {
    requireNdaAccepted(access);
    target = previewable(access, file, deps.clock.now());
  } catch (error) {
    if (error instanceof DomainError) {
      await recordAudit(deps, {
        ...scope,
        type: 'file.preview_denied',
        outcome: 'denied',
        reason: error.code,
      });
    }
    throw error;
  }
  const preview = await readPreview(deps, target);
  await recordAudit(deps, {
    ...scope,
    type: 'file.previewed',
    outcome: 'allowed',
    details: { format: preview.format, rows: preview.rows.length, columns: preview.columns.length },
  });
  return preview;
}

async function readPreview(deps: Deps, file: DataFile): Promise<DatasetPreview> {
  const source = await deps.objects.read({ dealId: file.dealId, fileId: file.id });
  try {
    const { format, columns, rows } = await maskedPreview(
      source,
      { fileName: file.name, contentType: file.contentType },
      { maxRows: PREVIEW_ROWS, ...(file.profile ? { profile: file.profile } : {}) },
    );
    return { fileId: file.id, format, columns, rows: rows.slice(0, PREVIEW_ROWS), masked: true };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // The name only: a parser's message may quote the data it choked on.
    deps.log.warn('preview failed', {
      dealId: file.dealId,
      fileId: file.id,
      error: error instanceof Error ? error.name : 'unknown',
    });
    throw noPreview();
  }
}
