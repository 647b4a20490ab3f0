/**
 * The handover checklist a caller may see, and its hash: SHA-256 over the RFC 8785 canonical JSON
 * of the {@link Manifest} object, so anyone can recompute it from the answer alone.
 */
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import type { Manifest, ManifestFile } from '../../../../shared/src/manifest.schema.ts';
import type { PiiKind } from '../../../../shared/src/profile.schema.ts';
import { type DealAccess, fileIsServable, visibleFiles } from '../access/deal-access.ts';
import { canonicalJson, sha256Hex } from '../security/secrets.ts';

function piiKindsOf(file: DataFile): PiiKind[] {
  const kinds = new Set<PiiKind>();
  for (const column of file.profile?.columns ?? [])
    for (const found of column.kinds) if (found.count > 0) kinds.add(found.kind);
  return [...kinds].sort();
}

function entryOf(file: DataFile & { sha256: string }): ManifestFile {
  const profiled = file.profile && file.profile.format !== 'other' ? file.profile : undefined;
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    sha256: file.sha256,
    category: file.category,
    sensitivity: file.sensitivity,
    format: file.profile?.format ?? null,
    rows: profiled ? profiled.rows : null,
    piiKinds: piiKindsOf(file),
  };
}

/** The available files the caller may see (in the order the deal lists them) as a manifest. */
export function buildManifest(access: DealAccess, files: DataFile[], now: Date): Manifest {
  const listed = visibleFiles(access, files, now).filter(
    (f): f is DataFile & { sha256: string } => fileIsServable(access.deal, f, now) && f.sha256 !== undefined,
  );
  return { version: 1, dealId: access.deal.id, files: listed.map(entryOf) };
}

export const manifestHash = (manifest: Manifest): string => sha256Hex(canonicalJson(manifest));
