import type { Logger } from '@rexian/kernel';
import type { Actor } from '../../http/actor.ts';
import type { AuditRecord, AuditRepository } from './audit.repository.ts';

/**
 * Who did what, when, from where: logins, logouts, failed logins, permission denials and every admin
 * change. Writing the audit entry never fails the action it records (it is logged instead).
 */
export function createAuditService(deps: { repo: AuditRepository; log: Logger }) {
  return {
    async record(entry: AuditRecord): Promise<void> {
      try {
        await deps.repo.insert(entry);
      } catch (error) {
        deps.log.error({ err: error, action: entry.action }, 'audit write failed');
      }
    },
    /** An admin change made by `actor`. */
    async change(
      actor: Actor,
      ip: string | null,
      action: string,
      target: { type: string; id: string },
      details: Record<string, unknown> = {},
    ): Promise<void> {
      await this.record({
        userId: actor.userId,
        username: actor.username,
        ip,
        action,
        targetType: target.type,
        targetId: target.id,
        details,
      });
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
