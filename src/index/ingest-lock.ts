/**
 * A lock file that keeps two processes (say, the server and `npm run ingest`) from ingesting into the same local
 * index at once: each would otherwise drop the other's half-built table during cleanup. A lock left by a process
 * that died is taken over. Remote indexes (object storage) have no lock; run one ingest at a time there.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

const lockFileName = '.ingest.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock in `directory` and returns its release function. */
export async function acquireIngestLock(directory: string): Promise<() => Promise<void>> {
  await fs.mkdir(directory, { recursive: true });
  const file = path.join(directory, lockFileName);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await fs.writeFile(file, String(process.pid), { flag: 'wx' });
      return async () => {
        await fs.rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await fs.readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new AppError(
          'index_not_ready',
          `another ingest (process ${holder}) is updating the index; try again when it has finished`,
        );
      }
      await fs.rm(file, { force: true });
    }
  }
  throw new AppError('index_not_ready', `could not take the ingest lock ${file}`);
}
