/**
 * A peer thread for the batch bench: the assistant over the same index, answering a list of questions in a plain
 * loop when told to, with no questionnaire, pool or messages per row. Threads of it side by side show what this
 * machine gives that many threads of the engine's work, to compare the pool's workers with.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createAssistant } from '../src/create-assistant.js';
import type { Config } from '../src/config.js';

export type ToLoopThread = { type: 'loop'; questions: string[] } | { type: 'close' };
export type FromLoopThread = { type: 'ready' } | { type: 'looped' };

const port = parentPort;
if (!port) throw new Error('plain-loop-thread.ts runs as a worker thread of the batch bench');
const send = (message: FromLoopThread) => port.postMessage(message);

const { config, warmQuestions } = workerData as { config: Config; warmQuestions: string[] };
const assistant = await createAssistant(config);
for (const question of warmQuestions) await assistant.ask(question, { surface: 'batch' });
send({ type: 'ready' });

port.on('message', async (message: ToLoopThread) => {
  if (message.type === 'loop') {
    for (const question of message.questions) await assistant.ask(question, { surface: 'batch' });
    send({ type: 'looped' });
  } else {
    await assistant.close();
    port.close();
  }
});
