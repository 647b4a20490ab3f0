/** Every port of the core, for the composition roots and `Deps`. */
export type * from './audit-repository.port.ts';
export type * from './auth-repository.port.ts';
export type * from './certificate-repository.port.ts';
export type * from './certificate-signer.port.ts';
export type * from './clock.port.ts';
export type * from './deal-repository.port.ts';
export type * from './file-repository.port.ts';
export type * from './grant-repository.port.ts';
export type * from './key-service.port.ts';
export type * from './logger.port.ts';
export type * from './mailer.port.ts';
export type * from './object-store.port.ts';
export type * from './page.ts';
export type * from './receipt-repository.port.ts';
