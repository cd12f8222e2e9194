import { readFileSync, writeFileSync } from 'node:fs';

export const toMiB = (bytes: number): number => bytes / (1024 * 1024);

/** VmHWM (peak) and VmRSS of a process from /proc, in bytes; undefined off Linux. */
export function procMemory(pid: number | 'self' = 'self'): { peak: number; current: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { peak: field('VmHWM'), current: field('VmRSS') };
  } catch {
    return undefined;
  }
}

/** Resets the kernel's peak-RSS mark of a process (Linux ≥ 4.0), so VmHWM covers only what follows. */
export function resetPeak(pid: number | 'self' = 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface PeakRssSampler {
  /** Stops sampling; returns the peak resident set size seen, in bytes. */
  stop: () => number;
}

/**
 * Samples RSS every `intervalMs` (this process by default, or a child pid via /proc) and,
 * where the kernel allows, also reads its exact peak mark, reset at start.
 */
export function samplePeakRss(pid: number | 'self' = 'self', intervalMs = 20): PeakRssSampler {
  const exactPeak = resetPeak(pid);
  const read = (): number => (pid === 'self' ? process.memoryUsage.rss() : (procMemory(pid)?.current ?? 0));
  let peak = read();
  const timer = setInterval(() => {
    peak = Math.max(peak, read());
  }, intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, read());
      const kernelPeak = exactPeak ? (procMemory(pid)?.peak ?? 0) : 0;
      return Math.max(peak, kernelPeak);
    },
  };
}
