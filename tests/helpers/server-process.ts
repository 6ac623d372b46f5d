/**
 * `npm start` as a child process (the same entry point, `src/main.ts`, through tsx), and `npm run ingest` beside
 * it: for end-to-end tests of replicas, restarts and kills.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** The base URL once the server logged that it is serving. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
}

export function startServerProcess(environment: Record<string, string>, command: string[] = []): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...command], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...environment },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Serving on (http:\/\/[^\s]+) /.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`the process exited before serving:\n${output}`));
    });
  });
  listening.catch(() => {});
  return { child, listening, exited, output: () => output };
}

/** Runs a CLI command (`ingest`, `batch`, ...) to completion. */
export async function runCommand(
  environment: Record<string, string>,
  command: string[],
): Promise<{ code: number | null; output: string }> {
  const run = startServerProcess(environment, command);
  const code = await run.exited;
  return { code, output: run.output() };
}

export async function postJson(base: string, route: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
