// The real answer worker behind a fault a test triggers by the question it sends: a question starting with "EXIT"
// ends the worker thread at once (process.exit), one starting with "THROW" throws outside any answer (an uncaught
// exception). Every other question is answered by the real worker.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => {
  if (message.type !== 'ask') return;
  if (message.question.startsWith('EXIT')) process.exit(3);
  if (message.question.startsWith('THROW')) throw new Error('a fault outside any answer');
});
await import('../../src/batch/answer-worker.mjs');
