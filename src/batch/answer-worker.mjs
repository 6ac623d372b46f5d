// The entry of a batch answer worker thread. A worker starts as plain Node, without the TypeScript loader its parent
// runs under (tsx for the CLI and server, vitest's own transform in tests), so it registers tsx's loader itself and
// then loads the worker written in TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./answer-worker.ts');
