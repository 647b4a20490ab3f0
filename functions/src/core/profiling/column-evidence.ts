/**
 * Kinds a column's values prove together when no single value does and its header says nothing: a
 * column of "Jane Doe"s under "col1", a column of 1950s-1990s dates under "col5". A Latin name or a date
 * alone is weak evidence (a product, a city, an order date), so the column must be overwhelmingly of that
 * shape, varied the way names and birthdays are, and dates must lie well in the past. Tallied over the
 * warm-up values only (bounded memory), decided once.
 */
import type { PiiKind } from '../../../../shared/src/profile.schema.ts';
import { isPlausibleBirthDate } from './check-digits.ts';
import { isLatinName } from './person-names.ts';
import { parseDate } from './value-shapes.ts';

const MIN_VALUES = 20;
const MAJORITY = 0.8;
/** Distinct names per name-shaped value: a pick list of products or cities repeats itself. */
const DISTINCT_NAMES = 0.25;
/** Distinct birth years: sign-up or order dates cluster in a few recent years. */
const DISTINCT_YEARS = 10;
/** A customer's birthday lies at least this many years back. */
const MIN_AGE = 16;
const THIS_YEAR = new Date().getUTCFullYear();
/** Words of organisations, products and places that take the "Jane Doe" shape. */
const NOT_A_NAME =
  /\b(?:inc|ltd|llc|plc|gmbh|corp|co|company|group|holdings|bank|hotel|store|shop|market|university|school|college|hospital|street|road|avenue|city|county|new|san|los|pro|max|mini|plus|edition|set|pack|kit)\b/i;

export class ColumnEvidence {
  private latinNames = 0;
  private readonly distinctNames = new Set<string>();
  private birthDates = 0;
  private readonly birthYears = new Set<number>();

  /** A trimmed, non-empty value in which no detector found anything. */
  observe(value: string): void {
    if (isLatinName(value) && !NOT_A_NAME.test(value)) {
      this.latinNames++;
      this.distinctNames.add(value);
      return;
    }
    if (value.length > 20 || value.includes(':')) return;
    const date = parseDate(value);
    if (date && date.year <= THIS_YEAR - MIN_AGE && isPlausibleBirthDate(date.year, date.month, date.day)) {
      this.birthDates++;
      this.birthYears.add(date.year);
    }
  }

  /** The kinds the observed values prove, given the column's non-empty values so far, with their counts. */
  verdict(nonEmpty: number): { kind: PiiKind; count: number }[] {
    if (nonEmpty < MIN_VALUES) return [];
    const proven: { kind: PiiKind; count: number }[] = [];
    if (
      this.latinNames >= nonEmpty * MAJORITY &&
      this.distinctNames.size >= this.latinNames * DISTINCT_NAMES
    ) {
      proven.push({ kind: 'person_name', count: this.latinNames });
    }
    if (this.birthDates >= nonEmpty * MAJORITY && this.birthYears.size >= DISTINCT_YEARS) {
      proven.push({ kind: 'birth_date', count: this.birthDates });
    }
    return proven;
  }
}
