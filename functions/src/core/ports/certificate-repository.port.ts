/** Destruction certificates: exactly one per deal, written once. */
import type { SignedCertificate } from '../../../../shared/src/certificate.schema.ts';

/**
 * @example
 * const stored = await deps.certificates.putOnce(dealId, signed); // a second writer gets the first one back
 */
export interface CertificateRepository {
  /** Stores the certificate unless one exists; returns the stored one either way. */
  putOnce(dealId: string, certificate: SignedCertificate): Promise<SignedCertificate>;
  get(dealId: string): Promise<SignedCertificate | undefined>;
}
