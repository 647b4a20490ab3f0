/**
 * Writing audit events. An event is durable when `recordAudit` resolves, which is why callers
 * await it before handing out anything (invariant 2: no URL without a record).
 */
import type { AuditActor, AuditEvent } from '../../../../shared/src/audit.schema.ts';
import type { Deps } from '../deps.ts';
import { newId } from '../security/secrets.ts';

export type AuditInput = Omit<AuditEvent, 'id' | 'at' | 'seq' | 'hash'>;

export const systemActor: AuditActor = { kind: 'system' };

export async function recordAudit(
  deps: Pick<Deps, 'audit' | 'clock' | 'requestSeal'>,
  input: AuditInput,
): Promise<AuditEvent> {
  const event: AuditEvent = { id: newId('ev'), at: deps.clock.now().toISOString(), ...input };
  await deps.audit.append(event);
  deps.requestSeal?.(event.dealId);
  return event;
}

/** The actor and request id of an audit event caused by a signed-in user. */
export function byUser(rc: { actor: { email: string; isAdmin: boolean }; requestId?: string }) {
  return {
    actor: { kind: 'user' as const, email: rc.actor.email, isAdmin: rc.actor.isAdmin },
    ...(rc.requestId ? { requestId: rc.requestId } : {}),
  };
}
