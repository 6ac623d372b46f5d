/**
 * The batch bench's threads peer: the same questions answered by plain loops, a row at a time, on one thread and on
 * several at once. The ratio is what the machine gives that many threads of this work just then (cores, caches,
 * memory bandwidth, garbage collection and the disk shared), without the pool's lanes or its questionnaire pipeline.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { answerWorkerResourceLimits } from '../src/batch/answer-pool.js';
import type { Config } from '../src/config.js';
import type { FromLoopThread, ToLoopThread } from './plain-loop-thread.js';

export interface PlainLoops {
  /** Rows per minute of `threads` loops started at once, the questions split evenly between them. */
  rate(questions: string[], threads: number): Promise<number>;
  close(): Promise<void>;
}

const entry = new URL('./plain-loop-thread.mjs', import.meta.url);

/** The thread's next message; rejects if the thread throws first (`once` listens for 'error' too). */
const nextMessage = (worker: Worker) => once(worker, 'message') as Promise<[FromLoopThread]>;

export async function openPlainLoops(config: Config, threads: number, warmQuestions: string[]): Promise<PlainLoops> {
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(entry, {
        workerData: { config, warmQuestions },
        execArgv: [],
        resourceLimits: answerWorkerResourceLimits,
      }),
  );
  await Promise.all(workers.map(nextMessage));
  return {
    async rate(questions, count) {
      const used = workers.slice(0, count);
      const started = performance.now();
      const done = used.map(nextMessage);
      used.forEach((worker, index) =>
        worker.postMessage({
          type: 'loop',
          questions: questions.filter((_, position) => position % count === index),
        } satisfies ToLoopThread),
      );
      await Promise.all(done);
      return Math.round((questions.length / (performance.now() - started)) * 60_000);
    },
    async close() {
      await Promise.all(
        workers.map(async (worker) => {
          const exited = once(worker, 'exit');
          worker.postMessage({ type: 'close' } satisfies ToLoopThread);
          await exited;
        }),
      );
    },
  };
}
