import { describe, expect, it } from 'vitest';
import { createRateMeter } from './transfer-rate.ts';

describe('createRateMeter', () => {
  it('knows no speed or time left from a single sample', () => {
    const meter = createRateMeter(5000, () => 0);
    meter.sample(100, 0);
    expect(meter.bytesPerSecond()).toBe(0);
    expect(meter.secondsLeft(1000)).toBeUndefined();
  });

  it('measures bytes per second and the time left at that speed', () => {
    const meter = createRateMeter(5000);
    meter.sample(0, 0);
    meter.sample(1000, 1000);
    meter.sample(2000, 2000);
    expect(meter.bytesPerSecond()).toBe(1000);
    expect(meter.secondsLeft(10_000)).toBe(8);
  });

  it('forgets samples older than the window, so the speed follows a change', () => {
    const meter = createRateMeter(2000);
    meter.sample(0, 0);
    meter.sample(10_000, 1000); // fast start
    meter.sample(11_000, 4000);
    meter.sample(12_000, 5000); // then 1000 B/s
    expect(meter.bytesPerSecond()).toBe(1000);
  });

  it('treats a part restarted after a failure as no negative speed', () => {
    const meter = createRateMeter(5000);
    meter.sample(1000, 0);
    meter.sample(500, 1000);
    expect(meter.bytesPerSecond()).toBe(0);
  });
});
