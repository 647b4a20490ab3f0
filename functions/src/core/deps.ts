/**
 * Everything a use case may need, wired once per runtime by a composition root
 * (functions/src/local/compose.ts locally, functions/src/handlers in AWS).
 */
import type {
  AuditRepository,
  AuthRepository,
  CertificateRepository,
  CertificateSigner,
  Clock,
  DealRepository,
  FileRepository,
  GrantRepository,
  KeyService,
  Logger,
  Mailer,
  ObjectStore,
  ReceiptRepository,
} from './ports/index.ts';

export interface CoreConfig {
  /** Lower-cased e-mails of platform admins (DATAROOM_ADMIN_EMAILS). */
  adminEmails: ReadonlySet<string>;
  /** Secret mixed into sign-in code hashes, so a table dump cannot be brute-forced offline. */
  codePepper: Uint8Array;
  sessionTtlSeconds: number;
}

export interface Deps {
  deals: DealRepository;
  grants: GrantRepository;
  files: FileRepository;
  audit: AuditRepository;
  auth: AuthRepository;
  certificates: CertificateRepository;
  receipts: ReceiptRepository;
  objects: ObjectStore;
  keys: KeyService;
  mailer: Mailer;
  signer: CertificateSigner;
  clock: Clock;
  log: Logger;
  config: CoreConfig;
  /** Asks for an audit seal soon (debounced); a no-op where a schedule does it instead. */
  requestSeal?: (dealId: string) => void;
  /** Asks for a sweep soon, e.g. right after a deal closes with retention 0. */
  requestSweep?: () => void;
  /** Wakes the sweeper at a deal's destroy time (a one-time schedule in AWS); the periodic sweep is the backstop. */
  scheduleSweep?: (dealId: string, at: Date) => Promise<void>;
}
