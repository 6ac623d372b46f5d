/**
 * Loaded into a server process under test (with `--expose-gc`): on SIGUSR2 it runs full garbage collections and
 * prints the process's memory figures as one line, so a test can tell memory the server still holds from garbage V8
 * has not yet collected. Without collecting first, the resident set 1.5 s after a burst moves by ~100 MB with V8's
 * timing alone, which hides a leak of that size or smaller.
 */
export const memoryProbeSignal = 'SIGUSR2';
export const memoryProbePrefix = 'memory after collection: ';

const collect = (globalThis as { gc?: () => void }).gc;
if (collect && process.env.MEMORY_PROBE === '1') {
  process.on(memoryProbeSignal, () => {
    collect();
    collect();
    const usage = process.memoryUsage();
    process.stderr.write(`${memoryProbePrefix}${JSON.stringify(usage)}\n`);
  });
}
