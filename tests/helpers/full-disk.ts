/**
 * A real file handle whose writes stop halfway while `full` is set, as write(2) does when the disk fills up mid-record
 * (it returns a short count). Everything else is the file system's own.
 */
import { open, type FileHandle } from 'node:fs/promises';

export interface FullDisk {
  full: boolean;
  openFile(filePath: string): Promise<FileHandle>;
}

type Write = (buffer: Buffer, offset: number, length: number, position: null) => Promise<{ bytesWritten: number }>;

export function fullDisk(): FullDisk {
  const disk: FullDisk = {
    full: false,
    async openFile(filePath) {
      const handle = await open(filePath, 'a+');
      const write = handle.write.bind(handle) as unknown as Write;
      const shortWrite: Write = (buffer, offset, length, position) =>
        write(buffer, offset, disk.full ? Math.floor(length / 2) : length, position);
      return Object.assign(handle, { write: shortWrite });
    },
  };
  return disk;
}
