import { describe, expect, it } from 'vitest';
import { DuplicateRowCounter, hashRow } from './duplicate-rows.ts';

describe('DuplicateRowCounter', () => {
  it('counts exactly while the table has room', () => {
    const counter = new DuplicateRowCounter();
    for (let n = 0; n < 10_000; n++) counter.add(hashRow([String(n % 7_000), 'x']));
    expect(counter.duplicates).toBe(3_000);
    expect(counter.exact).toBe(true);
  });

  it('estimates within a few percent once more distinct rows arrive than it can hold', () => {
    const counter = new DuplicateRowCounter();
    // 2.4M distinct rows, each seen twice in two passes: 2.4M duplicates.
    for (let pass = 0; pass < 2; pass++) {
      for (let n = 0; n < 2_400_000; n++) counter.add(hashRow([String(n), 'row']));
    }
    expect(counter.exact).toBe(false);
    expect(Math.abs(counter.duplicates - 2_400_000) / 2_400_000).toBeLessThan(0.05);
  });

  it('tells rows apart by their cells, not their concatenation', () => {
    expect(hashRow(['ab', 'c'])).not.toBe(hashRow(['a', 'bc']));
    expect(hashRow(['a', ''])).not.toBe(hashRow(['a']));
    expect(hashRow(['张三', '138'])).toBe(hashRow(['张三', '138']));
  });

  it('tells four one-byte characters from two wide ones with the same bits', () => {
    // 'abcd' is read as the word 0x64636261, as is the pair U+6261 U+6463.
    expect(hashRow(['abcd'])).not.toBe(hashRow(['\u6261\u6463']));
    expect(hashRow(['abcd1', 'x'])).not.toBe(hashRow(['abcd', '1x']));
    expect(hashRow(['13812345678张'])).toBe(hashRow(['13812345678张']));
  });
});
