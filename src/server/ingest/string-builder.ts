/**
 * Assembles a JSON string from raw UTF-8 slices (which may split a character across body
 * chunks) and code units from escapes (which may be lone or paired surrogates, kept exactly
 * as JSON.parse keeps them).
 */
export class StringBuilder {
  #parts: string[] = [];
  #pending: Buffer[] = [];
  #bytes = 0;

  /** Bytes collected so far (an escaped code unit counts as its UTF-8 size). */
  get bytes(): number {
    return this.#bytes;
  }

  write(chunk: Buffer, start: number, end: number): void {
    // Copied: the caller's chunk may be reused once write() returns.
    this.#pending.push(Buffer.from(chunk.subarray(start, end)));
    this.#bytes += end - start;
  }

  writeCodeUnit(codeUnit: number): void {
    this.#flush();
    this.#parts.push(String.fromCharCode(codeUnit));
    this.#bytes += codeUnit < 0x80 ? 1 : codeUnit < 0x800 ? 2 : 3;
  }

  toString(): string {
    this.#flush();
    return this.#parts.length === 1 ? (this.#parts[0] as string) : this.#parts.join('');
  }

  /** Raw bytes before an escape always end on a character boundary, so they decode alone. */
  #flush(): void {
    if (this.#pending.length === 0) return;
    const bytes = this.#pending.length === 1 ? (this.#pending[0] as Buffer) : Buffer.concat(this.#pending);
    this.#parts.push(bytes.toString('utf8'));
    this.#pending = [];
  }
}
