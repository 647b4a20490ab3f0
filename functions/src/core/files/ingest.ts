/**
 * Ingest: stream the stored object once, verify the SHA-256 the seller declared and, on the same
 * chunks, profile the dataset; then make the file available with its profile, or reject it and
 * destroy what was stored. Runs in-process locally and as a worker in AWS.
 */
import { createHash } from 'node:crypto';
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import { recordAudit, systemActor } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import { ConditionFailedError } from '../errors.ts';
import { type ProfileOutcome, profileAlongside } from './ingest-profile.ts';

type IngestDeps = Pick<Deps, 'objects' | 'files' | 'audit' | 'clock' | 'log' | 'requestSeal'>;

export async function ingestFile(
  deps: IngestDeps,
  dealId: string,
  fileId: string,
): Promise<DataFile | undefined> {
  const file = await deps.files.get(dealId, fileId);
  if (file?.status !== 'processing') return file;
  const hash = createHash('sha256');
  const profiler = profileAlongside({ fileName: file.name, contentType: file.contentType }, deps.log, {
    dealId,
    fileId,
  });
  let bytes = 0;
  let readError: unknown;
  try {
    for await (const chunk of await deps.objects.read({ dealId, fileId })) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      await profiler.write(chunk);
    }
  } catch (error) {
    readError = error;
  }
  const actual = hash.digest('hex');
  const reason = readError
    ? 'STORED_OBJECT_UNREADABLE'
    : bytes !== file.size
      ? 'SIZE_MISMATCH'
      : actual !== file.sha256
        ? 'SHA256_MISMATCH'
        : undefined;
  // Always ended, so that a rejected file's profiler does not linger; its outcome is used only if verified.
  const profiled = await profiler.finish();
  try {
    if (reason === undefined) {
      const available = await deps.files.transition(dealId, fileId, {
        from: ['processing'],
        to: 'available',
        set: {
          availableAt: deps.clock.now().toISOString(),
          ...('profile' in profiled ? { profile: profiled.profile } : {}),
          ...gradeFromProfile(file, profiled),
        },
      });
      await recordAudit(deps, {
        dealId,
        type: 'file.available',
        outcome: 'info',
        fileId,
        actor: systemActor,
        details: { sha256: actual, size: bytes },
      });
      await auditProfile(deps, dealId, fileId, profiled);
      return available;
    }
    // Bytes that failed verification are never served: destroy them, keep the record as `rejected`.
    const { method } = await deps.objects.destroyFile({ dealId, fileId });
    const rejected = await deps.files.transition(dealId, fileId, {
      from: ['processing'],
      to: 'rejected',
      set: { rejectedReason: reason, destroyedAt: deps.clock.now().toISOString(), destroyMethod: method },
    });
    await recordAudit(deps, {
      dealId,
      type: 'file.rejected',
      outcome: 'info',
      fileId,
      reason,
      actor: systemActor,
      details: {
        declaredSha256: file.sha256 ?? null,
        actualSha256: readError ? null : actual,
        size: bytes,
        method,
      },
    });
    return rejected;
  } catch (error) {
    if (error instanceof ConditionFailedError) return deps.files.get(dealId, fileId); // destroyed meanwhile
    throw error;
  }
}

/**
 * An undeclared file takes the grade its profile suggests; one in which no column could be read (no
 * dataset, or a damaged one) keeps the `personal` default, since nothing was read that could tell otherwise.
 */
function gradeFromProfile(file: DataFile, profiled: ProfileOutcome): Partial<DataFile> {
  if (!('profile' in profiled) || file.sensitivitySource !== 'default') return {};
  if (profiled.profile.columns.length === 0) return {};
  return { sensitivity: profiled.profile.suggestedSensitivity, sensitivitySource: 'profile' };
}

/** What the profile found, never a value: format, rows, kinds, suggested sensitivity; or why there is none. */
async function auditProfile(deps: IngestDeps, dealId: string, fileId: string, outcome: ProfileOutcome) {
  if ('failed' in outcome) {
    await recordAudit(deps, {
      dealId,
      type: 'file.profile_failed',
      outcome: 'info',
      fileId,
      reason: 'PROFILER_ERROR',
      actor: systemActor,
      details: { error: outcome.failed },
    });
    return;
  }
  const { profile } = outcome;
  const kinds = new Set(
    profile.columns.flatMap((c) => c.kinds.filter((k) => k.count > 0).map((k) => k.kind)),
  );
  await recordAudit(deps, {
    dealId,
    type: 'file.profiled',
    outcome: 'info',
    fileId,
    actor: systemActor,
    details: {
      format: profile.format,
      encoding: profile.encoding,
      rows: profile.rows,
      duplicateRows: profile.duplicateRows,
      columns: profile.columns.length,
      kinds: [...kinds].sort().join(' '),
      suggestedSensitivity: profile.suggestedSensitivity,
    },
  });
}

/**
 * Picks up files that a crash or restart left in `processing` (the upload was completed, but its
 * verification never finished) and verifies them now, so no completed upload stays in limbo.
 * In AWS the S3 event is retried instead; locally this runs once at start-up.
 */
export async function resumeIngests(
  deps: IngestDeps & Pick<Deps, 'deals' | 'log'>,
): Promise<{ resumed: number }> {
  let resumed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.deals.listAll({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const deal of page.items) {
      if (deal.status !== 'open') continue;
      for (const file of await deps.files.list(deal.id)) {
        if (file.status !== 'processing') continue;
        await ingestFile(deps, deal.id, file.id);
        resumed++;
      }
    }
    cursor = page.cursor;
  } while (cursor);
  if (resumed) deps.log.info('resumed ingest', { files: resumed });
  return { resumed };
}
