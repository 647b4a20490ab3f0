/**
 * The destruction certificate: what was destroyed, when and how, bound to the audit head, signed
 * (EdDSA, detached JWS over the RFC 8785 canonical JSON) so it can be checked after the data room
 * is gone with only the public key.
 */
import type { AuditHead } from '../../../../shared/src/audit.schema.ts';
import {
  type CertificateBody,
  CertificateBodySchema,
  type SignedCertificate,
} from '../../../../shared/src/certificate.schema.ts';
import type { Deal } from '../../../../shared/src/deal.schema.ts';
import type { DataFile } from '../../../../shared/src/file.schema.ts';
import type { Deps } from '../deps.ts';
import type { KeyDestruction } from '../ports/key-service.port.ts';
import { canonicalJson, newId } from '../security/secrets.ts';

export interface CertificateFacts {
  deal: Deal;
  files: DataFile[];
  key: KeyDestruction;
  storage: { method: string; completedAt: string };
  auditHead: AuditHead | undefined;
}

export function certificateBody(facts: CertificateFacts, issuedAt: string): CertificateBody {
  const { deal } = facts;
  return {
    id: newId('cert'),
    version: 1,
    deal: {
      id: deal.id,
      name: deal.name,
      createdAt: deal.createdAt,
      ...(deal.closedAt ? { closedAt: deal.closedAt } : {}),
    },
    trigger: deal.destroyRequestedAt ? 'manual' : 'retention',
    files: facts.files.map((f) => ({
      id: f.id,
      name: f.name,
      size: f.size,
      sha256: f.sha256 ?? null,
      category: f.category,
      status: f.status,
      destroyedAt: f.destroyedAt ?? issuedAt,
      method: f.destroyMethod ?? facts.storage.method,
      trigger: f.destroyTrigger ?? (f.status === 'rejected' ? 'rejected-upload' : 'retention'),
    })),
    key: { keyId: facts.key.keyId, method: facts.key.method, destroyedAt: facts.key.destroyedAt },
    storage: facts.storage,
    auditHead: facts.auditHead ? { seq: facts.auditHead.seq, hash: facts.auditHead.hash } : null,
    issuedAt,
  };
}

export async function signCertificate(
  deps: Pick<Deps, 'signer'>,
  body: CertificateBody,
): Promise<SignedCertificate> {
  // Signed exactly as it will be stored and served: what the schema keeps, nothing more.
  const certificate = CertificateBodySchema.parse(body);
  const signature = await deps.signer.sign(new TextEncoder().encode(canonicalJson(certificate)));
  return { certificate, signature };
}
