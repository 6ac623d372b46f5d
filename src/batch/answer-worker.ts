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
/** Rows started or waiting in a lane, by id: a waiting row aborted before it starts fails as soon as it does. */
const inFlight = new Map<number, AbortController>();
/** Per run: its rows answering now, and those waiting for one of them to end. */
const lanes = new Map<number, { answering: number; waiting: (Ask & { lane: Lane })[] }>();
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
  const state = lanes.get(lane.id) ?? { answering: 0, waiting: [] };
  lanes.set(lane.id, state);
  if (state.answering >= lane.atOnce) {
    state.waiting.push(ask);
    return;
  }
  state.answering++;
  // The next row starts once this one's answer is computed, while its record is fsynced, or once it fails.
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    state.answering--;
    const next = state.waiting.shift();
    if (next) startInLane(next);
    else if (state.answering === 0) lanes.delete(lane.id);
  };
  void answer(ask, inFlight.get(ask.id)!, end).finally(end);
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
