/**
 * Duplicate rows in bounded memory. Each row is reduced to a 53-bit hash kept in a fixed open-addressing
 * table (8 MiB). While the table has room the count is exact (up to hash collisions, ~n²/2^54). When it
 * fills, the counter keeps only hashes whose low `level` bits are zero (halving what it tracks) and
 * counts each duplicate seen in that subspace as 2^level rows: an unbiased estimate whose error grows
 * with the level, in exchange for memory that never grows with the file. `exact` says which one you got.
 */
const CAPACITY = 1 << 20;
const MAX_LOAD = Math.floor(CAPACITY * 0.7);
const EMPTY = 0;

export class DuplicateRowCounter {
  private table = new Float64Array(CAPACITY);
  private size = 0;
  private level = 0;
  private estimate = 0;

  /** Records a row by its hash (non-zero, below 2^53); returns nothing, read `duplicates` at the end. */
  add(hash: number): void {
    const h = hash === EMPTY ? 1 : hash;
    const scale = 2 ** this.level;
    if (this.level > 0 && h % scale !== 0) return;
    if (this.insert(h)) return;
    this.estimate += scale;
  }

  get duplicates(): number {
    return Math.round(this.estimate);
  }

  get exact(): boolean {
    return this.level === 0;
  }

  /** True when newly inserted, false when already present. */
  private insert(h: number): boolean {
    // Slots come from the high bits: the sampling above fixes the low ones.
    let slot = (h / 2 ** 21) & (CAPACITY - 1);
    while (true) {
      const held = this.table[slot]!;
      if (held === EMPTY) break;
      if (held === h) return false;
      slot = (slot + 1) & (CAPACITY - 1);
    }
    this.table[slot] = h;
    this.size++;
    if (this.size > MAX_LOAD) this.raiseLevel();
    return true;
  }

  private raiseLevel(): void {
    this.level++;
    const scale = 2 ** this.level;
    const old = this.table;
    this.table = new Float64Array(CAPACITY);
    this.size = 0;
    for (const h of old) {
      if (h !== EMPTY && h % scale === 0) this.insert(h);
    }
  }
}

/**
 * cyrb53 (public domain, bryc), a fast well-mixed 53-bit string hash. It runs once per row, so it is on
 * the hot path: a run of four one-byte characters (digits, Latin text) is fed as one 32-bit word, other
 * text two UTF-16 units per step. Each cell ends with a marker holding its last unit and its length, so
 * the same characters split differently (four bytes vs two wide units) never read as the same input.
 */
export function hashRow(cells: readonly string[]): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c]!;
    const length = cell.length;
    let i = 0;
    for (; i + 4 <= length; i += 4) {
      const a = cell.charCodeAt(i);
      const b = cell.charCodeAt(i + 1);
      const d = cell.charCodeAt(i + 2);
      const e = cell.charCodeAt(i + 3);
      if ((a | b | d | e) > 0xff) break;
      const word = a | (b << 8) | (d << 16) | (e << 24);
      h1 = Math.imul(h1 ^ word, 2654435761);
      h2 = Math.imul(h2 ^ word, 1597334677);
    }
    for (; i + 2 <= length; i += 2) {
      const pair = cell.charCodeAt(i) | (cell.charCodeAt(i + 1) << 16);
      h1 = Math.imul(h1 ^ pair, 2654435761);
      h2 = Math.imul(h2 ^ pair, 1597334677);
    }
    const end = (i < length ? cell.charCodeAt(i) : 0) | (length << 16);
    h1 = Math.imul(h1 ^ end ^ 0x5bd1e995, 2654435761);
    h2 = Math.imul(h2 ^ end ^ 0x5bd1e995, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
