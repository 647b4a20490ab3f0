/**
 * Denied access is audited with its reason before the caller hears about it (invariant 2 covers
 * refusals too). The reason recorded is the error's code.
 */
import type { RequestContext } from '../access/actor.ts';
import { byUser, recordAudit } from '../audit/record-audit.ts';
import type { Deps } from '../deps.ts';
import type { DomainError } from '../errors.ts';

export interface AttemptScope {
  dealId: string;
  type: 'download' | 'link.open';
  fileId?: string;
  partyId?: string;
  grantId?: string;
  linkId?: string;
}

export function auditScope(scope: AttemptScope) {
  return {
    dealId: scope.dealId,
    ...(scope.fileId ? { fileId: scope.fileId } : {}),
    ...(scope.partyId ? { partyId: scope.partyId } : {}),
    ...(scope.grantId ? { grantId: scope.grantId } : {}),
    ...(scope.linkId ? { linkId: scope.linkId } : {}),
  };
}

/** Records the refusal, then throws the error the caller will see. */
export async function deny(
  deps: Deps,
  rc: RequestContext,
  scope: AttemptScope,
  error: DomainError,
): Promise<never> {
  await recordAudit(deps, {
    ...auditScope(scope),
    type: scope.type === 'download' ? 'download.denied' : 'link.open_denied',
    outcome: 'denied',
    reason: error.code,
    ...byUser(rc),
  });
  throw error;
}
