/**
 * A pool of answer worker threads, so a batch's CPU work (retrieval, verification, the local model) runs on every
 * core instead of the one JavaScript thread. Each worker holds its own assistant over the same index and answer store
 * and answers several rows at once (a remote model's wait is not CPU work); a row goes to the worker with the fewest
 * rows in flight. The caller bounds how many rows are in flight, so nothing queues without bound here.
 *
 * A batch run answers through a lane of its own: its concurrency shared out over the workers, and each worker handed
 * one row more than its share, which waits in the worker and starts the moment one of its rows is computed (while
 * that row's record is fsynced) or fails. Between two rows a worker would otherwise wait for the disk, for its answer
 * to reach the main thread and for the next row to come back, idle time a core could not use; the run still answers
 * no more rows at once than its concurrency.
 *
 * A row whose answer fails in a worker rejects as it would in the main thread. A worker that dies (an uncaught throw,
 * `process.exit`) fails only its rows in flight and is replaced; one that cannot even start is replaced a few times,
 * then no more: the workers left go on, and with none left every further row fails with the start-up error rather
 * than waiting forever.
 */
import { Worker } from 'node:worker_threads';
import type { AnswerRecord } from '../answer/record.js';
import type { AskOptions } from '../assistant.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import {
  receivedError,
  type FromWorker,
  type Lane,
  type SentError,
  type ToWorker,
  type WorkerData,
} from './answer-messages.js';

const workerEntry = new URL('./answer-worker.mjs', import.meta.url);
/** Workers in a row that may die before they are ready before the pool stops replacing them. */
const startAttempts = 3;
/**
 * Each worker's heap: its young generation at 64 MB. An answer allocates many short-lived objects (tokens, spans,
 * candidate lists), and V8's default young generation has a worker scavenging every few rows. At 64 MB, 300-row
 * questionnaires at concurrency 8 through two workers ran at 6,252 and 5,085 CSV rows/min against 4,852 and 4,642
 * with the default (two runs each, medians of 3 rounds), XLSX at 4,038 and 4,368 against 4,074 and 4,100; the
 * workers hold about 60 MB more (355 against 296 MB).
 */
export const answerWorkerResourceLimits = { maxYoungGenerationSizeMb: 64 };
/** How long a closing worker may take to close its stores before it is terminated. */
const closeTimeoutMs = 5000;

export interface AnswerPool {
  readonly workers: number;
  answer(question: string, options?: AskOptions): Promise<AnswerRecord>;
  /** Answers for one run of `concurrency` rows at once (see above). */
  lane(concurrency: number): AnswerLane;
  /** Rows answered by workers, rows in flight or waiting for a worker, and workers replaced after dying. */
  stats(): { answered: number; inFlight: number; replaced: number };
  close(): Promise<void>;
}

export interface AnswerLane {
  /** Rows the run may hand over beyond its concurrency: one waiting in each worker that has a share. */
  readonly readAhead: number;
  answer(question: string, options?: AskOptions): Promise<AnswerRecord>;
}

export interface AnswerPoolOptions {
  config: Config;
  workers: number;
  /** Told when a worker dies and is replaced. */
  log?: (line: string) => void;
  /** The worker's entry module (tests start the real worker behind one that can be made to die). */
  workerEntry?: URL;
}

interface Pending {
  question: string;
  options: AskOptions;
  lane?: { id: number; concurrency: number };
  resolve: (record: AnswerRecord) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Requests sent to this worker and not yet answered, by id. */
  inFlight: Map<number, Pending & { detach: () => void }>;
  closed?: () => void;
}

/**
 * Opens the pool once a worker is ready (the others go on starting); throws the start-up error when none can start.
 */
export async function openAnswerPool(options: AnswerPoolOptions): Promise<AnswerPool> {
  const { config } = options;
  const workers = Math.max(1, options.workers);
  const slots = new Set<Slot>();
  const waiting: Pending[] = [];
  let nextId = 0;
  let nextLaneId = 0;
  let answered = 0;
  let replaced = 0;
  let failedStarts = 0;
  let broken: Error | undefined;
  let closing = false;
  const firstReady: { resolve: () => void; reject: (error: Error) => void }[] = [];

  const leastBusy = (): { slot: Slot; lane?: Lane } | undefined => {
    let best: Slot | undefined;
    for (const slot of slots) {
      if (slot.ready && (!best || slot.inFlight.size < best.inFlight.size)) best = slot;
    }
    return best && { slot: best };
  };

  /**
   * The ready worker with the most room for the lane's next row: its share of the concurrency, plus one waiting.
   * Shares go by a worker's place among the pool's workers, started or not, so they never add up to more than the
   * concurrency, even while a worker is starting or being replaced.
   */
  const laneSlot = (lane: { id: number; concurrency: number }): { slot: Slot; lane: Lane } | undefined => {
    let best: { slot: Slot; lane: Lane; room: number } | undefined;
    for (const [index, slot] of [...slots].entries()) {
      const share = Math.floor(lane.concurrency / workers) + (index < lane.concurrency % workers ? 1 : 0);
      if (!slot.ready || share === 0) continue;
      let held = 0;
      for (const pending of slot.inFlight.values()) if (pending.lane === lane) held++;
      const room = share + 1 - held;
      if (room > 0 && (!best || room > best.room)) best = { slot, lane: { id: lane.id, atOnce: share }, room };
    }
    return best;
  };

  const dispatch = () => {
    for (let index = 0; index < waiting.length;) {
      const pending = waiting[index]!;
      const placed = pending.lane ? laneSlot(pending.lane) : leastBusy();
      if (!placed) {
        index++;
        continue;
      }
      waiting.splice(index, 1);
      send(placed.slot, pending, placed.lane);
    }
  };

  const send = (slot: Slot, pending: Pending, lane: Lane | undefined) => {
    const id = nextId++;
    const { signal, ...request } = pending.options;
    const onAbort = () => slot.worker.postMessage({ type: 'abort', id } satisfies ToWorker);
    signal?.addEventListener('abort', onAbort, { once: true });
    slot.inFlight.set(id, { ...pending, detach: () => signal?.removeEventListener('abort', onAbort) });
    slot.worker.postMessage({
      type: 'ask',
      id,
      question: pending.question,
      options: request,
      ...(lane ? { lane } : {}),
    } satisfies ToWorker);
    if (signal?.aborted) onAbort();
  };

  const settle = (slot: Slot, id: number, outcome: { record: AnswerRecord } | { error: SentError }) => {
    const pending = slot.inFlight.get(id);
    if (!pending) return;
    slot.inFlight.delete(id);
    pending.detach();
    if ('record' in outcome) {
      answered++;
      pending.resolve(outcome.record);
    } else pending.reject(receivedError(outcome.error));
    // A lane's row may have waited for this one to leave its worker.
    if (pending.lane) dispatch();
  };

  const fail = (error: Error) => {
    broken = error;
    for (const pending of waiting.splice(0)) pending.reject(error);
    for (const waiter of firstReady.splice(0)) waiter.reject(error);
  };

  const start = () => {
    const worker = new Worker(options.workerEntry ?? workerEntry, {
      workerData: { config } satisfies WorkerData,
      // The entry registers the TypeScript loader itself; a parent's loader flags are not meant for a worker.
      execArgv: [],
      resourceLimits: answerWorkerResourceLimits,
    });
    const slot: Slot = { worker, ready: false, inFlight: new Map() };
    slots.add(slot);
    let startError: Error | undefined;
    let uncaught: Error | undefined;
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
        slot.ready = true;
        failedStarts = 0;
        for (const waiter of firstReady.splice(0)) waiter.resolve();
        dispatch();
      } else if (message.type === 'startup-failed') startError = receivedError(message.error);
      else if (message.type === 'answered') settle(slot, message.id, { record: message.record });
      else if (message.type === 'failed') settle(slot, message.id, { error: message.error });
      else if (message.type === 'closed') slot.closed?.();
    });
    worker.on('error', (error) => {
      uncaught = error;
    });
    worker.on('exit', (code) => {
      slots.delete(slot);
      slot.closed?.();
      const reason = new Error(
        `the answer worker stopped (${uncaught ? uncaught.message : `exit code ${code}`}) while answering this row`,
      );
      for (const [id] of slot.inFlight) settle(slot, id, { error: { message: reason.message } });
      if (closing) return;
      if (!slot.ready && ++failedStarts >= startAttempts) {
        const error =
          startError ??
          new AppError('internal', `Answer workers could not start: ${uncaught?.message ?? `exit code ${code}`}`);
        for (const waiter of firstReady.splice(0)) waiter.reject(error);
        // The workers still running go on answering; with none left, every row gets the reason.
        if (slots.size === 0) fail(error);
        return;
      }
      replaced++;
      options.log?.(`An answer worker stopped (${uncaught?.message ?? `exit code ${code}`}); starting another.`);
      start();
    });
  };

  const ready = Array.from(
    { length: workers },
    () => new Promise<void>((resolve, reject) => firstReady.push({ resolve, reject })),
  );
  for (let index = 0; index < workers; index++) start();

  const close = async () => {
    if (closing) return;
    closing = true;
    fail(new AppError('internal', 'The answer pool is closed.'));
    await Promise.all(
      [...slots].map(async (slot) => {
        const closed = new Promise<void>((resolve) => {
          slot.closed = resolve;
        });
        slot.worker.postMessage({ type: 'close' } satisfies ToWorker);
        const timer = setTimeout(() => void slot.worker.terminate(), closeTimeoutMs);
        await closed;
        clearTimeout(timer);
        await slot.worker.terminate();
      }),
    );
  };

  try {
    await Promise.all(ready);
  } catch (error) {
    await close();
    throw error;
  }

  const ask = (question: string, askOptions: AskOptions, lane?: Pending['lane']) => {
    if (broken) return Promise.reject(broken);
    return new Promise<AnswerRecord>((resolve, reject) => {
      waiting.push({ question, options: askOptions, ...(lane ? { lane } : {}), resolve, reject });
      dispatch();
    });
  };

  return {
    workers,
    answer: (question, askOptions = {}) => ask(question, askOptions),
    lane(concurrency) {
      const lane = { id: nextLaneId++, concurrency: Math.max(1, concurrency) };
      return {
        readAhead: Math.min(workers, lane.concurrency),
        answer: (question, askOptions = {}) => ask(question, askOptions, lane),
      };
    },
    stats: () => ({
      answered,
      inFlight: waiting.length + [...slots].reduce((sum, slot) => sum + slot.inFlight.size, 0),
      replaced,
    }),
    close,
  };
}

/**
 * Worker threads worth starting for a run: never more than the rows answered at once, nor than the rows to answer;
 * a single worker would only add a thread hop to what the main thread does, so fewer than two means none.
 */
export function workersFor(configured: number, concurrency: number, rowsToAnswer: number): number {
  const workers = Math.min(configured, concurrency, rowsToAnswer);
  return workers >= 2 ? workers : 0;
}

/** A pool started on first use and kept for the life of a server; `close` ends it with the server. */
export interface LazyAnswerPool {
  /** The pool, once started; undefined when workers are off or could not start (rows are answered in-process). */
  get(): Promise<AnswerPool | undefined>;
  close(): Promise<void>;
}

export function lazyAnswerPool(options: AnswerPoolOptions): LazyAnswerPool {
  let opening: Promise<AnswerPool | undefined> | undefined;
  let closed = false;
  return {
    get() {
      if (closed || options.workers < 2) return Promise.resolve(undefined);
      opening ??= openAnswerPool(options).catch((error: unknown) => {
        options.log?.(`Answer workers did not start (${AppError.from(error).message}); answering in-process.`);
        // The next batch tries again.
        opening = undefined;
        return undefined;
      });
      return opening;
    },
    async close() {
      closed = true;
      await (await opening)?.close();
    },
  };
}
