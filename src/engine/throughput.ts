/** Bytes sent over a sliding window, for the rate and the time left that people see. */
export class Throughput {
  readonly #windowMs: number;
  readonly #samples: { at: number; bytes: number }[] = [];

  constructor(windowMs = 60_000) {
    this.#windowMs = windowMs;
  }

  record(bytes: number, at = Date.now()): void {
    this.#samples.push({ at, bytes });
    this.#trim(at);
  }

  bytesPerSecond(now = Date.now()): number {
    this.#trim(now);
    const first = this.#samples[0];
    if (!first) return 0;
    const total = this.#samples.reduce((sum, sample) => sum + sample.bytes, 0);
    return total / (Math.max(now - first.at, 1_000) / 1000);
  }

  #trim(now: number): void {
    while (this.#samples.length > 0 && (this.#samples[0] as { at: number }).at < now - this.#windowMs) this.#samples.shift();
  }
}
