// The entry of a plain-loop peer thread (see plain-loop-thread.ts): like a batch answer worker, it starts as plain
// Node and registers tsx's loader itself before loading the thread written in TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./plain-loop-thread.ts');
