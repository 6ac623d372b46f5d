/**
 * Lets only UTF-8 text through (with or without a byte-order mark), for files read as UTF-8: a byte that is not UTF-8
 * further on than the sniffed sample is refused with a message that says where it is and how to read the file.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../errors.js';

const byteOrderMarks: { bytes: number[]; name: string }[] = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32 (big-endian)' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32 (little-endian)' },
  { bytes: [0xfe, 0xff], name: 'UTF-16 (big-endian)' },
  { bytes: [0xff, 0xfe], name: 'UTF-16 (little-endian)' },
];

const howToFix =
  'Name its encoding (--encoding windows-1252, or ?encoding= over HTTP), or save it as "CSV UTF-8" (Excel: File › Save As › CSV UTF-8).';

export function utf8Guard(sourceName: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  let line = 1;
  let checkedStart = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (!checkedStart) {
        checkedStart = true;
        const mark = byteOrderMarks.find(({ bytes }) => bytes.every((byte, index) => chunk[index] === byte));
        if (mark) {
          callback(new AppError('invalid_input', `${sourceName} is encoded as ${mark.name}, not UTF-8. ${howToFix}`));
          return;
        }
      }
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        const bad = firstInvalidByte(chunk);
        callback(
          new AppError(
            'invalid_input',
            `${sourceName} is not UTF-8 text: byte 0x${(chunk[bad] ?? 0).toString(16)} at offset ${offset + bad} (line ${line + countNewlines(chunk, bad)}) is not valid UTF-8. ${howToFix}`,
          ),
        );
        return;
      }
      offset += chunk.length;
      line += countNewlines(chunk, chunk.length);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      try {
        decoder.decode();
        callback();
      } catch {
        callback(new AppError('invalid_input', `${sourceName} ends in the middle of a UTF-8 character. ${howToFix}`));
      }
    },
  });
}

function countNewlines(chunk: Buffer, end: number): number {
  let count = 0;
  for (let index = 0; index < end; index++) if (chunk[index] === 0x0a) count++;
  return count;
}

/** Position of the first byte that starts an invalid UTF-8 sequence (a chunk may also end mid-character). */
function firstInvalidByte(chunk: Buffer): number {
  let index = 0;
  while (index < chunk.length) {
    const byte = chunk[index]!;
    const length = byte < 0x80 ? 1 : byte >> 5 === 0b110 ? 2 : byte >> 4 === 0b1110 ? 3 : byte >> 3 === 0b11110 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next++) {
      if (index + next >= chunk.length) return index + next;
      if ((chunk[index + next]! & 0xc0) !== 0x80) return index;
    }
    index += length;
  }
  return Math.max(0, chunk.length - 1);
}
