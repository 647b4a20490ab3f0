/** Uploading, listing and deleting files. Bytes go straight to the object store through presigned part URLs. */
import {
  type CompleteUploadBody,
  type CreateFileBody,
  type DataFile,
  MAX_PARTS,
  MIN_PART_SIZE,
} from '../../../../shared/src/file.schema.ts';
import type { RequestContext } from '../access/actor.ts';
import {
  fileNotFound,
  loadDealAccess,
  requireDealOpen,
  requireNdaAccepted,
  requireRole,
  visibleFiles,
} from '../access/deal-access.ts';
import { byUser, recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { destroyFileOnRequest } from '../destruction/destroy-file.ts';
import { underLegalHold } from '../destruction/sweep-claim.ts';
import { ConditionFailedError, ConflictError, ValidationError } from '../errors.ts';
import type { CreatedUpload } from '../ports/object-store.port.ts';
import { newId } from '../security/secrets.ts';
import { ingestFile } from './ingest.ts';

const MIB = 1024 * 1024;

/** 5 MiB parts, larger (in whole MiB) only when needed to stay within S3's 10,000 parts. */
export function partSizeFor(size: number): number {
  return Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS / MIB) * MIB);
}

export async function createFile(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  body: CreateFileBody,
): Promise<{ file: DataFile; upload: CreatedUpload & { partSize: number } }> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['seller', 'admin'], 'upload files');
  requireDealOpen(access, 'no more uploads');
  const now = deps.clock.now();
  if (body.expiresAt && Date.parse(body.expiresAt) <= now.getTime()) {
    throw new ValidationError('VALIDATION.FAILED', 'expiresAt must be in the future.', {
      issues: [{ path: 'expiresAt', message: 'must be in the future' }],
    });
  }
  const fileId = newId('file');
  const partSize = partSizeFor(body.size);
  const upload = await deps.objects.createUpload({
    dealId,
    fileId,
    fileName: body.name,
    contentType: body.contentType,
    size: body.size,
    partSize,
    origin: rc.origin,
  });
  const file: DataFile = {
    id: fileId,
    dealId,
    name: body.name,
    size: body.size,
    contentType: body.contentType,
    category: body.category,
    // Undeclared: personal until the profile suggests better (ingest), so nothing is under-protected meanwhile.
    sensitivity: body.sensitivity ?? 'personal',
    sensitivitySource: body.sensitivity ? 'declared' : 'default',
    status: 'uploading',
    ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt).toISOString() } : {}),
    createdAt: now.toISOString(),
    createdBy: rc.actor.email,
  };
  await deps.files.create(file, { uploadId: upload.uploadId, partSize });
  if (file.expiresAt) await deps.deals.setSweepAt(dealId, file.expiresAt, true);
  await recordAudit(deps, {
    dealId,
    type: 'file.upload_started',
    outcome: 'info',
    fileId,
    details: { name: file.name, size: file.size, category: file.category, sensitivity: file.sensitivity },
    ...byUser(rc),
  });
  return { file, upload: { ...upload, partSize } };
}

/** How long `complete` waits for ingest before answering with `processing` (the client then polls). */
const INGEST_WAIT_MS = 20_000;

export async function completeUpload(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  fileId: string,
  body: CompleteUploadBody,
): Promise<DataFile> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireRole(access, ['seller', 'admin'], 'upload files');
  requireDealOpen(access, 'no more uploads');
  const found = await deps.files.getWithUpload(dealId, fileId);
  if (!found) throw fileNotFound();
  const { file, upload } = found;
  if (file.status !== 'uploading' || !upload) {
    throw new ConflictError(
      'UPLOAD.NOT_IN_PROGRESS',
      `This file is already ${file.status}; its upload cannot be completed again.`,
    );
  }
  const { size } = await deps.objects.completeUpload({
    dealId,
    fileId,
    uploadId: upload.uploadId,
    parts: body.parts,
  });
  if (size !== file.size) {
    throw new ValidationError(
      'UPLOAD.SIZE_MISMATCH',
      `The parts add up to ${size} bytes but the file was declared as ${file.size} bytes. Re-send the parts and complete again.`,
    );
  }
  let processing: DataFile;
  try {
    processing = await deps.files.transition(dealId, fileId, {
      from: ['uploading'],
      to: 'processing',
      set: { sha256: body.sha256 },
    });
  } catch (error) {
    if (error instanceof ConditionFailedError) {
      throw new ConflictError('UPLOAD.NOT_IN_PROGRESS', 'This upload was completed by another request.', {
        cause: error,
      });
    }
    throw error;
  }
  await recordAudit(deps, {
    dealId,
    type: 'file.uploaded',
    outcome: 'info',
    fileId,
    details: { size, sha256: body.sha256 },
    ...byUser(rc),
  });
  const ingest = ingestFile(deps, dealId, fileId).catch((error: unknown) => {
    deps.log.error('ingest failed', {
      dealId,
      fileId,
      error: error instanceof Error ? error.name : 'unknown',
    });
    return undefined;
  });
  const waited = await Promise.race([
    ingest,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), INGEST_WAIT_MS).unref()),
  ]);
  return waited ?? processing;
}

export async function listFiles(deps: Deps, rc: RequestContext, dealId: string): Promise<DataFile[]> {
  const access = await loadDealAccess(deps, rc.actor, dealId);
  requireNdaAccepted(access);
  return visibleFiles(access, await deps.files.list(dealId), deps.clock.now());
}

/** The caller's access to the deal and the file, read in parallel: one round trip of latency. */
const accessAndFile = (deps: Deps, rc: RequestContext, dealId: string, fileId: string) =>
  Promise.all([loadDealAccess(deps, rc.actor, dealId), deps.files.get(dealId, fileId)]);

export async function getFile(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  fileId: string,
): Promise<DataFile> {
  const [access, file] = await accessAndFile(deps, rc, dealId, fileId);
  requireNdaAccepted(access);
  const visible = file && visibleFiles(access, [file], deps.clock.now())[0];
  if (!visible) throw fileNotFound();
  return visible;
}

export async function deleteFile(
  deps: Deps,
  rc: RequestContext,
  dealId: string,
  fileId: string,
): Promise<DataFile> {
  const [access, file] = await accessAndFile(deps, rc, dealId, fileId);
  requireRole(access, ['seller', 'admin'], 'destroy files');
  if (!file) throw fileNotFound();
  if (access.deal.legalHold?.on) throw underLegalHold();
  // Checked again under the deal's sweep claim, where no hold can be placed until the file is gone.
  return destroyFileOnRequest(deps, file, byUser(rc).actor, rc.requestId);
}
