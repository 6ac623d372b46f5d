/**
 * A real file handle whose fsync waits until the test lets it go, as a slow disk makes a record wait to be durable.
 * Everything else is the file system's own.
 */
import { open, type FileHandle } from 'node:fs/promises';

export interface HeldFsync {
  /** How many fsyncs are waiting now. */
  readonly waiting: number;
  /** Lets every waiting fsync (and every later one) go ahead. */
  release(): void;
  openFile(filePath: string): Promise<FileHandle>;
}

export function heldFsync(): HeldFsync {
  let waiting = 0;
  let released = false;
  let releaseAll = () => {};
  const gate = new Promise<void>((resolve) => (releaseAll = resolve));
  return {
    get waiting() {
      return waiting;
    },
    release() {
      released = true;
      releaseAll();
    },
    async openFile(filePath) {
      const handle = await open(filePath, 'a+');
      const sync = handle.sync.bind(handle);
      const heldSync = async () => {
        if (!released) {
          waiting++;
          await gate;
          waiting--;
        }
        return sync();
      };
      return Object.assign(handle, { sync: heldSync });
    },
  };
}
