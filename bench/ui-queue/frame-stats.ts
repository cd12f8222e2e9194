import { median, percentile } from '../lib/percentile.ts';

export interface FrameStats {
  p50: number;
  p95: number;
  max: number;
  /** Display refreshes that showed no new frame: a frame that took 2.4 refresh intervals dropped 1. */
  dropped: number;
}

/** Frame times against the display's refresh interval (the median frame time while idle). */
export function frameStats(frameMs: readonly number[], idleFrameMs: readonly number[]): FrameStats {
  const interval = median(idleFrameMs);
  const dropped = frameMs.reduce((sum, ms) => sum + Math.max(0, Math.round(ms / interval) - 1), 0);
  return { p50: percentile(frameMs, 0.5), p95: percentile(frameMs, 0.95), max: Math.max(...frameMs), dropped };
}
