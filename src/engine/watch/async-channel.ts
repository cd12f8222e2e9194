/**
 * A bounded hand-over from concurrent producers to one consumer. `push` waits while the buffer
 * is full, so producers (directory walkers) never run ahead of the consumer by more than
 * `capacity` items: memory stays flat however large the tree.
 */
export class AsyncChannel<T> {
  readonly #capacity: number;
  readonly #items: T[] = [];
  #spaceWaiters: (() => void)[] = [];
  #itemWaiter: (() => void) | undefined;
  #closed = false;
  #failure: { error: unknown } | undefined;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves to false when the channel was closed (the consumer is gone): the producer should stop. */
  async push(item: T): Promise<boolean> {
    while (!this.#closed && this.#items.length >= this.#capacity) {
      await new Promise<void>((resolve) => this.#spaceWaiters.push(resolve));
    }
    if (this.#closed) return false;
    this.#items.push(item);
    this.#wakeConsumer();
    return true;
  }

  /** No more items: the consumer drains what is buffered, then ends. */
  close(): void {
    this.#closed = true;
    this.#wakeAll();
  }

  /** Ends the consumer with `error` at once, dropping what is buffered. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    this.#items.length = 0;
    this.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.#failure) throw this.#failure.error;
      if (this.#items.length > 0) {
        const item = this.#items.shift() as T;
        this.#wakeProducers();
        yield item;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => (this.#itemWaiter = resolve));
    }
  }

  #wakeConsumer(): void {
    const waiter = this.#itemWaiter;
    this.#itemWaiter = undefined;
    waiter?.();
  }

  #wakeProducers(): void {
    const waiters = this.#spaceWaiters;
    this.#spaceWaiters = [];
    for (const wake of waiters) wake();
  }

  #wakeAll(): void {
    this.#wakeConsumer();
    this.#wakeProducers();
  }
}
