/**
 * An answer worker thread: opens the assistant over the same index and record files as the main thread (reading
 * the index as it is, never reindexing) and answers the questions it is sent, several at once, with the one answer
 * engine. Each answer record is made durable by this thread's own append to the shared answer store before it is
 * sent back, so its `/answers/:id` page works as for a row answered in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Assistant } from '../assistant.js';
import { createAssistant } from '../create-assistant.js';
import { sendableError, type FromWorker, type Lane, type ToWorker, type WorkerData } from './answer-messages.js';

type Ask = Extract<ToWorker, { type: 'ask' }>;

const port = parentPort;
if (!port) throw new Error('answer-worker.ts runs as a worker thread of the batch answer pool');
const send = (message: FromWorker) => port.postMessage(message);

const { config } = workerData as WorkerData;
/** Rows in this worker, answering or waiting in a lane, by id: a waiting row aborted before it starts fails then. */
const inFlight = new Map<number, AbortController>();
/** Per run: its rows computing an answer now, and those waiting for one of them to be computed or to fail. */
const lanes = new Map<number, { computing: number; waiting: (Ask & { lane: Lane })[] }>();
let assistant: Assistant;
try {
  assistant = await createAssistant(config);
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'startup-failed', error: sendableError(error) });
  port.close();
}

async function answer({ id, question, options }: Ask, stop: AbortController, onComputed?: () => void) {
  try {
    const record = await assistant.ask(question, { ...options, signal: stop.signal, onComputed });
    send({ type: 'answered', id, record });
  } catch (error) {
    send({ type: 'failed', id, error: sendableError(error) });
  } finally {
    inFlight.delete(id);
  }
}

function startInLane(ask: Ask & { lane: Lane }) {
  const { lane } = ask;
  const state = lanes.get(lane.id) ?? { computing: 0, waiting: [] };
  lanes.set(lane.id, state);
  if (state.computing >= lane.atOnce) {
    state.waiting.push(ask);
    return;
  }
  state.computing++;
  // The row's place frees once its answer is computed, while its record is fsynced, or once it fails.
  let freed = false;
  const freePlace = () => {
    if (freed) return;
    freed = true;
    state.computing--;
    const next = state.waiting.shift();
    if (next) startInLane(next);
    else if (state.computing === 0) lanes.delete(lane.id);
  };
  void answer(ask, inFlight.get(ask.id)!, freePlace).finally(freePlace);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'ask') {
    inFlight.set(message.id, new AbortController());
    if (message.lane) startInLane({ ...message, lane: message.lane });
    else void answer(message, inFlight.get(message.id)!);
  } else if (message.type === 'abort') inFlight.get(message.id)?.abort();
  else if (message.type === 'close') {
    for (const stop of inFlight.values()) stop.abort();
    for (const lane of lanes.values()) lane.waiting.length = 0;
    void assistant.close().finally(() => {
      send({ type: 'closed' });
      port.close();
    });
  }
});
