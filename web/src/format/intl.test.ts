import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatList,
  formatRelative,
  fromLocalInput,
  toLocalInput,
} from './intl.ts';

describe('formatBytes', () => {
  it('counts in SI units (1 kB = 1000 B), as the kB/MB labels say, in the way each language writes them', () => {
    expect(formatBytes(13_631_488, 'en')).toBe('13.6 MB');
    expect(formatBytes(30_013, 'en')).toBe('30 kB');
    expect(formatBytes(1500, 'zh-CN')).toBe('1.5 kB');
    expect(formatBytes(87, 'zh-CN')).toBe('87 B');
    expect(formatBytes(5 * 1000 ** 4, 'en')).toBe('5 TB');
  });
});

describe('formatList', () => {
  it('joins a list the way the language does', () => {
    expect(formatList(['View', 'Download'], 'en')).toBe('View and Download');
    expect(formatList(['查看', '下载'], 'zh-CN')).toBe('查看和下载');
    expect(formatList(['a.csv', 'b.csv', 'c.pdf'], 'zh-CN')).toBe('a.csv、b.csv和c.pdf');
  });
});

describe('formatDuration', () => {
  it('uses seconds, minutes or hours, whichever fits', () => {
    expect(formatDuration(42, 'en')).toBe('42 sec');
    expect(formatDuration(180, 'en')).toBe('3 min');
    expect(formatDuration(180, 'zh-CN')).toBe('3分钟');
    expect(formatDuration(7200, 'en')).toBe('2 hr');
  });

  it('never says "0 seconds" left while something is still running', () => {
    expect(formatDuration(0.2, 'en')).toBe('1 sec');
  });
});

describe('formatRelative', () => {
  it('says how many days away an instant is, in the language', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(formatRelative('2026-12-23T12:00:00Z', 'en', now)).toBe('in 30 days');
    expect(formatRelative('2026-12-23T12:00:00Z', 'zh-CN', now)).toBe('30天后');
    expect(formatRelative('2026-11-23T15:00:00Z', 'en', now)).toBe('in 3 hours');
  });
});

describe('datetime-local values', () => {
  it('round-trip an instant through the input value (to the minute)', () => {
    const instant = new Date('2026-12-07T08:30:00Z');
    expect(fromLocalInput(toLocalInput(instant))).toBe('2026-12-07T08:30:00.000Z');
  });

  it('give nothing for an empty or invalid value', () => {
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('not a date')).toBeUndefined();
  });
});
