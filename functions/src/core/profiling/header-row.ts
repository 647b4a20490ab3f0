/**
 * Is a first record a header? Yes unless one of its cells reads as data: a number, a date, or a value
 * a detector recognises (a phone, an e-mail, an ID…). A file of text-only rows without a header is
 * taken as headed; its first row then names the columns, which costs one row and no personal data.
 */
import { soundsLikeHeader } from './header-hints.ts';
import { parseDate, valueVerdict } from './value-shapes.ts';

const NO_HINTS = new Set<never>();
const NUMERIC = /^[-+]?[\d\s,.%¥$€£]*\d[\d\s,.%]*$/;

export function isHeaderRow(cells: readonly string[]): boolean {
  let named = 0;
  for (const raw of cells) {
    const cell = raw.trim();
    if (cell === '') continue;
    if (soundsLikeHeader(cell)) {
      named++;
      continue;
    }
    if (NUMERIC.test(cell) || parseDate(cell)) return false;
    const verdict = valueVerdict(cell, NO_HINTS);
    if (verdict && 'kind' in verdict && verdict.kind !== 'person_name') return false;
    named++;
  }
  return named > 0;
}
