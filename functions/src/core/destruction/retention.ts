/**
 * When things must be destroyed. A file goes at the earlier of its own `expiresAt` and
 * `closedAt + (categoryRetentionDays[category] ?? retentionDays)`; the deal as a whole (key and
 * leftovers) at `destroyAt` = closedAt + the longest retention that applies to any of its files.
 */
import type { Deal } from '../../../../shared/src/deal.schema.ts';
import type { DataFile } from '../../../../shared/src/file.schema.ts';

const DAY_MS = 86_400_000;

export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString();

export function retentionDaysOf(deal: Deal, category: DataFile['category']): number {
  return deal.categoryRetentionDays[category] ?? deal.retentionDays;
}

export function fileDueAt(deal: Deal, file: DataFile): string | undefined {
  const retentionEnd = deal.closedAt
    ? addDays(deal.closedAt, retentionDaysOf(deal, file.category))
    : undefined;
  const dues = [file.expiresAt, retentionEnd, deal.destroyRequestedAt].filter(
    (d): d is string => d !== undefined,
  );
  return dues.length ? dues.sort()[0] : undefined;
}

export function dealDestroyAt(deal: Deal, closedAt: string, files: DataFile[]): string {
  const days = Math.max(deal.retentionDays, ...files.map((f) => retentionDaysOf(deal, f.category)));
  return addDays(closedAt, days);
}

/** The next moment after `after` at which the sweeper has work on this deal, if any. */
export function nextSweepAt(deal: Deal, files: DataFile[], after?: string): string | undefined {
  if (deal.status === 'destroyed') return undefined;
  const times = files.filter((f) => f.status !== 'destroyed').map((f) => fileDueAt(deal, f));
  if (deal.status !== 'open') times.push(deal.destroyRequestedAt ?? deal.destroyAt, deal.transfer?.until);
  const due = times.filter((t): t is string => t !== undefined && (after === undefined || t > after)).sort();
  return due[0];
}
