/**
 * A buffered, replayable event channel: the engine pushes answer events as they happen; any number of readers
 * iterate them from the start, whether they begin before, during or after the answer is produced.
 */
export interface EventChannel<T> extends AsyncIterable<T> {
  push(event: T): void;
  close(): void;
  fail(error: unknown): void;
}

export function createEventChannel<T>(): EventChannel<T> {
  const events: T[] = [];
  let closed = false;
  let failure: { error: unknown } | undefined;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };
  return {
    push(event) {
      if (closed) return;
      events.push(event);
      wake();
    },
    close() {
      closed = true;
      wake();
    },
    fail(error) {
      failure = { error };
      closed = true;
      wake();
    },
    async *[Symbol.asyncIterator]() {
      let index = 0;
      for (;;) {
        if (index < events.length) {
          yield events[index++]!;
          continue;
        }
        if (failure) throw failure.error;
        if (closed) return;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
