/**
 * The server as `npm start` runs it, in a child process on 127.0.0.1, so a crash is an exit we can see and memory is
 * the server's own resident set, read from /proc. Settings are environment variables, as a user would set them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { memoryProbePrefix, memoryProbeSignal } from './memory-probe.js';

export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  /** Whether the process has exited (a crash, unless we stopped it). */
  exited(): boolean;
  exitCode(): number | null;
  output(): string;
  /** Resident memory in MB. */
  rssMb(): Promise<number>;
  /**
   * Memory held after full garbage collections in the server, in MB: resident set and V8 heap in use. Only with
   * `memoryProbe` set at start.
   */
  memoryAfterCollection(): Promise<{ rssMb: number; heapUsedMb: number }>;
  /** CPU time used so far (user + system) in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Loads `memory-probe.ts` so `memoryAfterCollection` works (adds `--expose-gc`). */
  memoryProbe?: boolean;
}

const memoryProbePath = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));

export async function startServerProcess(
  settings: Record<string, string>,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const probe = options.memoryProbe ? ['--expose-gc', '--import', memoryProbePath] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...probe, 'src/main.ts', 'serve'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      ...settings,
      ...(options.memoryProbe ? { MEMORY_PROBE: '1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exitCode: number | null = null;
  let hasExited = false;
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<void>((resolve) =>
    child.on('close', (code) => {
      hasExited = true;
      exitCode = code;
      resolve();
    }),
  );
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Serving on (http:\/\/[^\s]+) /.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    }, 50);
    void closed.then(() => {
      clearInterval(timer);
      reject(new Error(`server exited before listening:\n${output}`));
    });
  });
  const procStat = async () => (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return {
    origin,
    child,
    exited: () => hasExited,
    exitCode: () => exitCode,
    output: () => output,
    rssMb: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    },
    memoryAfterCollection: async () => {
      const seen = output.length;
      child.kill(memoryProbeSignal);
      for (let waited = 0; waited < 30_000; waited += 50) {
        const line = new RegExp(`${memoryProbePrefix}(\\{.*\\})\\n`).exec(output.slice(seen));
        if (line) {
          const usage = JSON.parse(line[1]!) as NodeJS.MemoryUsage;
          return { rssMb: usage.rss / 1048576, heapUsedMb: usage.heapUsed / 1048576 };
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the server printed no memory figures: was it started with memoryProbe?');
    },
    cpuMs: async () => {
      const fields = await procStat();
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    stop: async () => {
      if (!hasExited) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await closed;
      clearTimeout(timer);
    },
  };
}
