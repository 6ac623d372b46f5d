/**
 * An answer worker thread: opens the assistant over the same index and record files as the main thread (reading
 * the index as it is, never reindexing) and answers the questions it is sent, several at once, with the one answer
 * engine. Each answer record is made durable by this thread's own append to the shared answer store before it is
 * sent back, so its `/answers/:id` page works as for a row answered in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Assistant } from '../assistant.js';
import { createAssistant } from '../create-assistant.js';
import { sendableError, type FromWorker, type ToWorker, type WorkerData } from './answer-messages.js';

const port = parentPort;
if (!port) throw new Error('answer-worker.ts runs as a worker thread of the batch answer pool');
const send = (message: FromWorker) => port.postMessage(message);

const { config } = workerData as WorkerData;
const inFlight = new Map<number, AbortController>();
let assistant: Assistant;
try {
  assistant = await createAssistant(config);
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'startup-failed', error: sendableError(error) });
  port.close();
}

async function answer(id: number, question: string, options: Extract<ToWorker, { type: 'ask' }>['options']) {
  const stop = new AbortController();
  inFlight.set(id, stop);
  try {
    const record = await assistant.ask(question, { ...options, signal: stop.signal });
    send({ type: 'answered', id, record });
  } catch (error) {
    send({ type: 'failed', id, error: sendableError(error) });
  } finally {
    inFlight.delete(id);
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'ask') void answer(message.id, message.question, message.options);
  else if (message.type === 'abort') inFlight.get(message.id)?.abort();
  else if (message.type === 'close') {
    for (const stop of inFlight.values()) stop.abort();
    void assistant.close().finally(() => {
      send({ type: 'closed' });
      port.close();
    });
  }
});
