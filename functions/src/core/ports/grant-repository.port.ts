/**
 * Grants (what a party may see or download, until when, how often) and the share links made from
 * them for one member. Links are stored without their token; a pointer keyed by the token's
 * SHA-256 finds them. Download limits hold under concurrency because each count is one
 * conditional update.
 *
 * @example
 * await deps.grants.consumeGrantDownload(dealId, grant.id, now); // ConditionFailedError when used up
 */
import type { Grant } from '../../../../shared/src/grant.schema.ts';
import type { Link } from '../../../../shared/src/link.schema.ts';

/** Where a link token leads. */
export interface LinkPointer {
  dealId: string;
  linkId: string;
}

export interface GrantRepository {
  createGrant(grant: Grant): Promise<void>;
  revokeGrant(dealId: string, grantId: string, at: string, by: string): Promise<Grant>;
  /**
   * Counts one download in a single conditional update: not revoked, not expired at `now`, under
   * `maxDownloads`. Throws `ConditionFailedError` when any of these fails.
   */
  consumeGrantDownload(dealId: string, grantId: string, now: string): Promise<Grant>;

  createLink(link: Link, tokenHash: string): Promise<void>;
  findLinkByTokenHash(tokenHash: string): Promise<LinkPointer | undefined>;
  revokeLink(dealId: string, linkId: string, at: string, by: string): Promise<Link>;
  /** As {@link consumeGrantDownload}, for a link's own limits. */
  consumeLinkDownload(dealId: string, linkId: string, now: string): Promise<Link>;
  /** Gives back one download counted on a link whose grant then refused it. */
  refundLinkDownload(dealId: string, linkId: string): Promise<void>;
}
