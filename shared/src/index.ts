/** The API contract: zod schemas, inferred types and error codes shared by functions, web and CLI. */
export * from './audit.schema.ts';
export * from './auth.schema.ts';
export * from './certificate.schema.ts';
export * from './common.schema.ts';
export * from './deal.schema.ts';
export * from './error.schema.ts';
export * from './file.schema.ts';
export * from './grant.schema.ts';
export * from './link.schema.ts';
export * from './manifest.schema.ts';
export * from './party.schema.ts';
export * from './profile.schema.ts';
