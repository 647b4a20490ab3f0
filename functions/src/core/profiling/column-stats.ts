/**
 * Per-column tallies while rows stream past, and the column profile they add up to. Kinds whose value
 * shape is weak evidence are only reported with header evidence or an overwhelming share; kinds whose
 * check a random number passes now and then (Luhn 1 in 10) are dropped when most look-alikes fail it.
 */
import { type ColumnProfile, type PiiKind, PiiKinds } from '../../../../shared/src/profile.schema.ts';
import { inspectCell } from './cell-inspection.ts';
import { ColumnEvidence } from './column-evidence.ts';
import { FAST_CHECKS, mightHoldPii } from './column-fast-path.ts';
import { headerKinds } from './header-hints.ts';

function isAsciiDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const KIND_INDEX = new Map<PiiKind, number>(PiiKinds.map((kind, i) => [kind, i]));
/** Shape-only kinds: a plausible value is not proof without the header. */
const NEEDS_HEADER_OR_MAJORITY: ReadonlySet<PiiKind> = new Set(['person_name', 'passport']);
const MAJORITY = 0.8;
/** Kinds whose check a look-alike can pass by chance. */
const CHANCE_PASS: ReadonlySet<PiiKind> = new Set(['bank_card', 'cn_uscc', 'cn_resident_id']);
/** Kinds whose every finding passes mightHoldPii (a digit run, an `@`, dots or colons). */
const PREFILTERED: ReadonlySet<PiiKind> = new Set([
  'phone',
  'email',
  'cn_resident_id',
  'bank_card',
  'ip_address',
  'cn_uscc',
]);
/** Values inspected in full before a column may take a shortcut (column-fast-path.ts). */
const WARM_UP = 256;
const DOMINANT = 0.95;

type Mode =
  | { kind: 'full' }
  | { kind: 'quiet' }
  | { kind: 'dominant'; index: number; check: (value: string) => boolean }
  | { kind: 'lookalikes'; mask: number; length: number };

export class ColumnStats {
  /** Kinds the header names, and those the warm-up values proved together (column-evidence.ts). */
  readonly hints: Set<PiiKind>;
  private readonly evidence = new ColumnEvidence();
  private evidenceWeighed = false;
  private nonEmpty = 0;
  private readonly counts = new Float64Array(PiiKinds.length);
  private readonly invalid = new Float64Array(PiiKinds.length);
  /** Cells per combination of failed shapes, so a cell failing two shapes is counted once. */
  private readonly invalidCells = new Map<number, number>();

  private mode: Mode = { kind: 'full' };
  /** Values counted as look-alikes by the shortcut, added to the tallies when the profile is read. */
  private lookalikes = 0;
  private invalidTotal = 0;
  private lastLength = 0;

  constructor(readonly name: string) {
    this.hints = headerKinds(name);
  }

  add(value: string): void {
    if (value.length === 0) return;
    const mode = this.mode;
    if (mode.kind === 'dominant' && mode.check(value)) {
      this.nonEmpty++;
      this.counts[mode.index]!++;
      return;
    }
    if (mode.kind === 'quiet' && !mightHoldPii(value)) {
      if (value.trim() !== '') this.nonEmpty++;
      return;
    }
    if (mode.kind === 'lookalikes' && value.length === mode.length && isAsciiDigits(value)) {
      this.nonEmpty++;
      this.lookalikes++;
      return;
    }
    this.lastLength = value.length;
    this.inspect(value);
    if (this.nonEmpty === WARM_UP && mode.kind === 'full') this.mode = this.chooseMode();
  }

  private chooseMode(): Mode {
    this.weighEvidence();
    let top = -1;
    let total = 0;
    for (let i = 0; i < this.counts.length; i++) {
      total += this.counts[i]!;
      if (top < 0 || this.counts[i]! > this.counts[top]!) top = i;
    }
    if (total === 0 && this.invalidTotal === 0) return { kind: 'quiet' };
    if (total === 0) return this.lookalikeMode() ?? { kind: 'full' };
    const kind = PiiKinds[top]!;
    const check = FAST_CHECKS[kind];
    if (check && this.counts[top]! >= this.nonEmpty * DOMINANT)
      return { kind: 'dominant', index: top, check };
    return this.onlyPrefilteredKinds() ? { kind: 'quiet' } : { kind: 'full' };
  }

  /**
   * Free text with identifiers in some values (remarks holding phones): every kind seen so far, and
   * every kind its header names, is one the prefilter lets through, so values failing it hold none.
   */
  private onlyPrefilteredKinds(): boolean {
    for (let i = 0; i < PiiKinds.length; i++) {
      const kind = PiiKinds[i]!;
      if ((this.counts[i]! > 0 || this.invalid[i]! > 0 || this.hints.has(kind)) && !PREFILTERED.has(kind))
        return false;
    }
    return true;
  }

  /**
   * Order numbers and the like: (nearly) every value has the same digit-only shape and fails the same
   * chance-pass checks (an 18-digit number failing the ID, card and credit-code checks). Later values of
   * that shape are counted as look-alikes without checking: one passing by chance would be dropped by
   * the chance-pass rule in profile() anyway, as failures outnumber it.
   */
  private lookalikeMode(): Mode | undefined {
    for (const [mask, cells] of this.invalidCells) {
      const chanceOnly = PiiKinds.every(
        (kind, i) => !(mask & (1 << i)) || (CHANCE_PASS.has(kind) && !this.hints.has(kind)),
      );
      if (chanceOnly && cells >= this.nonEmpty * DOMINANT)
        return { kind: 'lookalikes', mask, length: this.lastLength };
    }
    return undefined;
  }

  /** Once, after the warm-up (or at the end of a shorter column): kinds its values prove together. */
  private weighEvidence(): void {
    if (this.evidenceWeighed) return;
    this.evidenceWeighed = true;
    for (const { kind, count } of this.evidence.verdict(this.nonEmpty)) {
      if (this.hints.has(kind)) continue;
      this.hints.add(kind);
      this.counts[KIND_INDEX.get(kind)!]! += count;
    }
  }

  private countInvalid(mask: number, cells = 1): void {
    this.invalidTotal += cells;
    for (let i = 0; i < PiiKinds.length; i++) if (mask & (1 << i)) this.invalid[i]! += cells;
    this.invalidCells.set(mask, (this.invalidCells.get(mask) ?? 0) + cells);
  }

  private inspect(value: string): void {
    const { findings, invalid } = inspectCell(value, this.hints);
    if (findings.length === 0 && invalid.length === 0) {
      const trimmed = value.trim();
      if (trimmed === '') return;
      this.nonEmpty++;
      if (!this.evidenceWeighed) this.evidence.observe(trimmed);
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
      for (const kind of invalid) mask |= 1 << KIND_INDEX.get(kind)!;
      this.countInvalid(mask);
    }
  }

  profile(rows: number): ColumnProfile {
    this.weighEvidence();
    if (this.mode.kind === 'lookalikes' && this.lookalikes > 0) {
      this.countInvalid(this.mode.mask, this.lookalikes);
      this.lookalikes = 0;
    }
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
