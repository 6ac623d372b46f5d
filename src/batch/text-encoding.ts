/**
 * Finds the text encoding of an uploaded file from its first bytes: a byte-order mark (UTF-8, UTF-16), else UTF-8 when
 * the bytes are valid UTF-8, else UTF-16 without a mark when every other byte is zero, else Windows-1252 (what Excel
 * writes as "CSV" on Western-European Windows). Decoding uses iconv-lite: Node 20's TextDecoder reads "windows-1252"
 * as Latin-1 and gets curly quotes and the euro sign wrong.
 */
import type { Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { AppError } from '../errors.js';
import { utf8Guard } from './utf8-guard.js';

export const encodings = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TextEncodingName = (typeof encodings)[number];

const aliases: Record<string, TextEncodingName> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  win1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
};

/** The canonical name of an encoding given on the command line or in a query, or an error listing the choices. */
export function parseEncodingName(name: string): TextEncodingName {
  const found = aliases[name.trim().toLowerCase()];
  if (!found) {
    throw new AppError('invalid_input', `Unknown encoding "${name}": use one of ${encodings.join(', ')}.`);
  }
  return found;
}

export function detectEncoding(sample: Buffer, complete: boolean): TextEncodingName {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) {
    if (sample[2] === 0 && sample[3] === 0) throw new AppError('invalid_input', 'UTF-32 text is not supported.');
    return 'utf-16le';
  }
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  if (isUtf8(sample, complete)) return 'utf-8';
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs > 0) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let index = 0; index < pairs * 2; index += 2) {
      if (sample[index] === 0) evenZeros++;
      if (sample[index + 1] === 0) oddZeros++;
    }
    if (oddZeros > pairs * 0.4 && evenZeros === 0) return 'utf-16le';
    if (evenZeros > pairs * 0.4 && oddZeros === 0) return 'utf-16be';
  }
  return 'windows-1252';
}

function isUtf8(sample: Buffer, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** Bytes in, text out. UTF-8 keeps the guard that names the first bad byte and its line. */
export function decoder(encoding: TextEncodingName, sourceName: string): Transform {
  if (encoding === 'utf-8') return utf8Guard(sourceName);
  return iconv.decodeStream(encoding, { stripBOM: true }) as unknown as Transform;
}

export function decodeSample(sample: Buffer, encoding: TextEncodingName): string {
  return iconv.decode(sample, encoding, { stripBOM: true });
}
