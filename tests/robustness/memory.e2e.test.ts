/**
 * Memory under streaming load, measured on the server process itself: three rounds of 200 concurrent /api/chat
 * streams read to the end, then three rounds of 50 clients that open /api/chat, never read, and go away. Memory must
 * stay bounded with no growth from round to round, and a client that goes away must stop its answer (no record is
 * produced for it). Figures are taken after full garbage collections in the server (see memory-probe.ts): what the
 * server still holds, not garbage V8 has yet to collect. Prints the figures before and after every round.
 */
import { request as httpRequest, type ClientRequest } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFileName } from '../../src/store/answer-store.js';
import { fixtureCorpus } from '../helpers/test-assistant.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const question = 'Is Alibaba Cloud a security risk to Western companies?';
const chatBody = JSON.stringify({
  messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: question }] }],
});
/**
 * Resident growth allowed from the second round to the third, as a share of the first round's growth, after
 * collection. The first round grows the resident set once (LanceDB's native buffers and caches, allocator arenas
 * for the threads that served it); later rounds mostly reuse that memory, though the native allocator may keep a
 * further step when a round's peak concurrency is higher. A leak would grow every round by as much again.
 */
const maxGrowthShare = 0.25;
/** Below this, round-to-round movement of the resident set after collection is the allocator's, not a leak. */
const noiseMb = 64;
/**
 * V8 heap growth allowed from the first round to the third, after collection. Keeping every answered stream's record
 * alone (~8 KB of JSON each, more as objects; 400 between those rounds) would exceed it.
 */
const maxHeapGrowthMb = 4;
const maxRssMb = 1500;
/** Generous: on a loaded 2-CPU machine 200 concurrent answers take minutes. */
const testTimeoutMs = 1_200_000;

let dataDir: string;
let server: ServerProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diligence-memory-'));
  // A pause between the local model's chunks makes each answer stream for a few seconds, as a remote model would.
  server = await startServerProcess(
    {
      DATA_DIR: dataDir,
      CORPUS_DIR: fixtureCorpus,
      LOG_LEVEL: 'error',
      LOCAL_STREAM_DELAY_MS: '40',
    },
    { memoryProbe: true },
  );
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function storedAnswers(): Promise<number> {
  const text = await readFile(path.join(dataDir, answersFileName), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

async function readChat(): Promise<boolean> {
  const response = await fetch(`${server.origin}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: chatBody,
  });
  const text = await response.text();
  return response.status === 200 && text.includes('"type":"data-answer"');
}

/** Opens /api/chat and never reads the response; resolves once the response has started. */
function openWithoutReading(): Promise<ClientRequest> {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/chat',
        headers: { 'content-type': 'application/json' },
      },
      (response) => {
        response.pause();
        resolve(request);
      },
    );
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
    request.end(chatBody);
  });
}

/** The stored-answer count once answers still in flight from earlier requests have landed. */
async function settledAnswerCount(): Promise<number> {
  let count = await storedAnswers();
  for (;;) {
    await sleep(2000);
    const now = await storedAnswers();
    if (now === count) return count;
    count = now;
  }
}

interface MemoryFigures {
  rssMb: number;
  heapUsedMb: number;
}

async function settledMemory(): Promise<MemoryFigures> {
  await sleep(1500);
  const { rssMb, heapUsedMb } = await server.memoryAfterCollection();
  return { rssMb: Math.round(rssMb), heapUsedMb: Math.round(heapUsedMb * 10) / 10 };
}

const describeRounds = (figures: MemoryFigures[]) =>
  `RSS before ${figures[0]!.rssMb} MB, after rounds ${figures
    .slice(1)
    .map((figure) => figure.rssMb)
    .join(' / ')} MB; heap in use before ${figures[0]!.heapUsedMb} MB, after rounds ${figures
    .slice(1)
    .map((figure) => figure.heapUsedMb)
    .join(' / ')} MB`;

function expectBounded(figures: MemoryFigures[]): void {
  expect(server.exited()).toBe(false);
  expect(Math.max(...figures.map((figure) => figure.rssMb))).toBeLessThan(maxRssMb);
  const firstGrowth = figures[1]!.rssMb - figures[0]!.rssMb;
  expect(figures[3]!.rssMb - figures[2]!.rssMb).toBeLessThan(Math.max(firstGrowth * maxGrowthShare, noiseMb));
  expect(figures[3]!.heapUsedMb - figures[1]!.heapUsedMb).toBeLessThan(maxHeapGrowthMb);
}

describe('memory under streaming load', () => {
  it(
    'stays bounded over three rounds of 200 concurrent chat streams',
    async () => {
      const figures: MemoryFigures[] = [await settledMemory()];
      for (let round = 1; round <= 3; round++) {
        const completed = await Promise.all(Array.from({ length: 200 }, () => readChat()));
        expect(completed.filter(Boolean)).toHaveLength(200);
        figures.push(await settledMemory());
        console.log(`memory, 200 concurrent chat streams: round ${round} done, RSS ${figures.at(-1)!.rssMb} MB`);
      }
      console.log(`memory, 200 concurrent chat streams: ${describeRounds(figures)}`);
      expectBounded(figures);
    },
    testTimeoutMs,
  );

  it(
    'stays bounded over three rounds of 50 clients that never read and go away, and stops their answers',
    async () => {
      const figures: MemoryFigures[] = [await settledMemory()];
      const stopped: number[] = [];
      for (let round = 1; round <= 3; round++) {
        const before = await settledAnswerCount();
        const requests = await Promise.all(Array.from({ length: 50 }, () => openWithoutReading()));
        await sleep(500);
        for (const request of requests) request.destroy();
        // Long enough for every answer to have finished had the server kept working on it.
        await sleep(8000);
        const produced = (await storedAnswers()) - before;
        stopped.push(50 - produced);
        figures.push(await settledMemory());
      }
      console.log(
        `memory, 50 clients that never read: ${describeRounds(figures)}; answers stopped when the client went: ${stopped.join(' / ')} of 50`,
      );
      expectBounded(figures);
      expect(stopped).toEqual([50, 50, 50]);
      expect(await readChat()).toBe(true);
    },
    testTimeoutMs,
  );
});
