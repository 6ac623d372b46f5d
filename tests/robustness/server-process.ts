/**
 * The server as `npm start` runs it, in a child process on 127.0.0.1, so a crash is an exit we can see and memory is
 * the server's own resident set, read from /proc. Settings are environment variables, as a user would set them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  /** Whether the process has exited (a crash, unless we stopped it). */
  exited(): boolean;
  exitCode(): number | null;
  output(): string;
  /** Resident memory in MB. */
  rssMb(): Promise<number>;
  /** CPU time used so far (user + system) in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServerProcess(settings: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...settings },
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
