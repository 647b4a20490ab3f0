/**
 * Pages a list that is already in memory (a deal's parties, grants, links and files: read whole
 * with the deal's access context) the way the table pages a query: oldest first, `limit` at a
 * time, with an opaque cursor that names the list it came from (kind and deal, e.g.
 * `files:deal_…`) and the last item it returned.
 */
import { ValidationError } from './errors.ts';
import type { Page, PageRequest } from './ports/page.ts';

export const DEFAULT_PAGE_SIZE = 100;

interface Listed {
  id: string;
  createdAt: string;
}

const sortKey = (item: Listed) => `${item.createdAt}#${item.id}`;

const foreignCursor = () =>
  new ValidationError('VALIDATION.FAILED', 'The cursor is not one this list returned.');

function decode(cursor: string, list: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'list' in parsed &&
      parsed.list === list &&
      'after' in parsed &&
      typeof parsed.after === 'string'
    )
      return parsed.after;
  } catch {
    // falls through to the refusal
  }
  throw foreignCursor();
}

/**
 * @example
 * pageOf(`grants:${dealId}`, access.grants, { limit: 20 }) // → { items: [first 20], cursor: '…' }
 */
export function pageOf<T extends Listed>(list: string, items: T[], page: PageRequest): Page<T> {
  const sorted = [...items].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const after = page.cursor === undefined ? undefined : decode(page.cursor, list);
  const start = after === undefined ? 0 : sorted.findIndex((item) => sortKey(item) > after);
  const from = start < 0 ? sorted.length : start;
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const slice = sorted.slice(from, from + limit);
  const last = slice.at(-1);
  if (from + limit >= sorted.length || !last) return { items: slice };
  return {
    items: slice,
    cursor: Buffer.from(JSON.stringify({ list, after: sortKey(last) })).toString('base64url'),
  };
}
