/** Speed and time left of a transfer, from the bytes done over the last few seconds (a sliding window). */

export interface RateMeter {
  /** Record the total bytes done at this moment. */
  sample(totalBytes: number, at?: number): void;
  /** Bytes per second over the window; 0 until there are two samples. */
  bytesPerSecond(): number;
  /** Seconds left for the remaining bytes at the current speed; undefined while the speed is unknown. */
  secondsLeft(totalSize: number): number | undefined;
}

export function createRateMeter(windowMs = 5000, now: () => number = Date.now): RateMeter {
  const samples: { at: number; bytes: number }[] = [];
  return {
    sample(totalBytes, at = now()) {
      samples.push({ at, bytes: totalBytes });
      while (samples.length > 2 && (samples[0]?.at ?? at) < at - windowMs) samples.shift();
    },
    bytesPerSecond() {
      const first = samples[0];
      const last = samples[samples.length - 1];
      if (!first || !last || last.at <= first.at) return 0;
      return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
    },
    secondsLeft(totalSize) {
      const rate = this.bytesPerSecond();
      const last = samples[samples.length - 1];
      if (!last || rate <= 0) return undefined;
      return Math.max(0, (totalSize - last.bytes) / rate);
    },
  };
}
