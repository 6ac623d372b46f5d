/**
 * The work Slack handlers start after acknowledging (Slack wants an answer within 3 seconds, answers take longer).
 * Tasks are tracked so tests and shutdown can wait for them with `drain()`; a failing task is reported, never thrown
 * into the request that started it.
 */
export interface BackgroundTasks {
  run(name: string, task: () => Promise<void>): void;
  /** Resolves when every task started so far (and any they started) has settled. */
  drain(): Promise<void>;
  readonly size: number;
}

export function createBackgroundTasks(onError: (name: string, error: unknown) => void): BackgroundTasks {
  const running = new Set<Promise<void>>();
  return {
    run(name, task) {
      const promise: Promise<void> = Promise.resolve()
        .then(task)
        .catch((error: unknown) => onError(name, error))
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    get size() {
      return running.size;
    },
  };
}
