/**
 * Per-column tallies while rows stream past, and the column profile they add up to. Kinds whose value
 * shape is weak evidence are only reported with header evidence or an overwhelming share; kinds whose
 * check a random number passes now and then (Luhn 1 in 10) are dropped when most look-alikes fail it.
 */
import { type ColumnProfile, type PiiKind, PiiKinds } from '../../../../shared/src/profile.schema.ts';
import { inspectCell } from './cell-inspection.ts';
import { headerKinds } from './header-hints.ts';

const KIND_INDEX = new Map<PiiKind, number>(PiiKinds.map((kind, i) => [kind, i]));
/** Shape-only kinds: a plausible value is not proof without the header. */
const NEEDS_HEADER_OR_MAJORITY: ReadonlySet<PiiKind> = new Set(['person_name', 'passport']);
const MAJORITY = 0.8;
/** Kinds whose check a look-alike can pass by chance. */
const CHANCE_PASS: ReadonlySet<PiiKind> = new Set(['bank_card', 'cn_uscc', 'cn_resident_id']);

export class ColumnStats {
  readonly hints: ReadonlySet<PiiKind>;
  private nonEmpty = 0;
  private readonly counts = new Float64Array(PiiKinds.length);
  private readonly invalid = new Float64Array(PiiKinds.length);
  /** Cells per combination of failed shapes, so a cell failing two shapes is counted once. */
  private readonly invalidCells = new Map<number, number>();

  constructor(readonly name: string) {
    this.hints = headerKinds(name);
  }

  add(value: string): void {
    if (value.length === 0) return;
    const { findings, invalid } = inspectCell(value, this.hints);
    if (findings.length === 0 && invalid.length === 0) {
      if (value.trim() !== '') this.nonEmpty++;
      return;
    }
    this.nonEmpty++;
    let seen = 0;
    for (const finding of findings) {
      const bit = 1 << KIND_INDEX.get(finding.kind)!;
      if (seen & bit) continue;
      seen |= bit;
      this.counts[KIND_INDEX.get(finding.kind)!]!++;
    }
    if (invalid.length > 0 && findings.length === 0) {
      let mask = 0;
      for (const kind of invalid) {
        mask |= 1 << KIND_INDEX.get(kind)!;
        this.invalid[KIND_INDEX.get(kind)!]!++;
      }
      this.invalidCells.set(mask, (this.invalidCells.get(mask) ?? 0) + 1);
    }
  }

  profile(rows: number): ColumnProfile {
    const kept: PiiKind[] = [];
    for (const kind of PiiKinds) {
      const i = KIND_INDEX.get(kind)!;
      const count = this.counts[i]!;
      if (count === 0) continue;
      const hinted = this.hints.has(kind);
      if (NEEDS_HEADER_OR_MAJORITY.has(kind) && !hinted && count < this.nonEmpty * MAJORITY) continue;
      if (CHANCE_PASS.has(kind) && !hinted && this.invalid[i]! > count) continue;
      kept.push(kind);
    }
    let keptMask = 0;
    for (const kind of kept) keptMask |= 1 << KIND_INDEX.get(kind)!;
    let invalidCount = 0;
    for (const [mask, cells] of this.invalidCells) if (mask & keptMask) invalidCount += cells;
    const kinds = kept
      .map((kind) => {
        const count = this.counts[KIND_INDEX.get(kind)!]!;
        return { kind, count, share: this.nonEmpty === 0 ? 0 : Math.min(1, count / this.nonEmpty) };
      })
      .sort((a, b) => b.count - a.count);
    return {
      name: this.name,
      kinds,
      emptyShare: rows === 0 ? 0 : Math.max(0, rows - this.nonEmpty) / rows,
      invalidCount,
    };
  }
}
